package caption.data.shapes;

import java.util.Locale;

/** The five shapes of the spec, with the words the captions use for them. */
public enum Shape {
    CIRCLE("circle", "circles"),
    SQUARE("square", "squares"),
    TRIANGLE("triangle", "triangles"),
    DIAMOND("diamond", "diamonds"),
    CROSS("cross", "crosses");

    private final String word;
    private final String plural;

    Shape(String word, String plural) {
        this.word = word;
        this.plural = plural;
    }

    public String word() {
        return word;
    }

    public String plural() {
        return plural;
    }

    public static Shape fromWord(String word) {
        return Shape.valueOf(word.toUpperCase(Locale.ROOT));
    }
}
