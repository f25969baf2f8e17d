package caption.data.shapes;

import java.util.Locale;

/** Object sizes: the extent of the object's square box is drawn from [minExtent, maxExtent]. */
public enum Size {
    SMALL(16, 24),
    LARGE(34, 46);

    private final int minExtent;
    private final int maxExtent;

    Size(int minExtent, int maxExtent) {
        this.minExtent = minExtent;
        this.maxExtent = maxExtent;
    }

    public int minExtent() {
        return minExtent;
    }

    public int maxExtent() {
        return maxExtent;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Size fromWord(String word) {
        return Size.valueOf(word.toUpperCase(Locale.ROOT));
    }
}
