package caption.data.shapes;

import java.util.Locale;

/** The six colours of the spec with their base RGB values. */
public enum Colour {
    RED(210, 40, 40),
    GREEN(40, 160, 60),
    BLUE(40, 80, 210),
    YELLOW(230, 200, 40),
    PURPLE(140, 60, 170),
    ORANGE(240, 130, 30);

    private final int[] base;

    Colour(int r, int g, int b) {
        this.base = new int[] {r, g, b};
    }

    /** Base channel value; 0 = red, 1 = green, 2 = blue. */
    public int base(int channel) {
        return base[channel];
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Colour fromWord(String word) {
        return Colour.valueOf(word.toUpperCase(Locale.ROOT));
    }
}
