package caption.data.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.data.shapes.CaptionErrors.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionErrorsTest {

    /** A large red circle at the left, a small blue square to its right and a little lower. */
    private static final Scene TWO = new Scene(1, new int[] {230, 230, 230}, List.of(
            new SceneObject("circle", "red", "large", 40, 30, 60, new int[] {210, 40, 40}),
            new SceneObject("square", "blue", "small", 20, 100, 70, new int[] {40, 80, 210})));

    private final CaptionErrors errors = new CaptionErrors();

    private void expect(Set<Kind> kinds, String caption) {
        assertEquals(kinds, errors.of(caption, TWO), caption);
    }

    @Test
    void aTrueAndCompleteCaptionHasNone() {
        expect(EnumSet.noneOf(Kind.class), "a red circle to the left of a small blue square");
        expect(EnumSet.noneOf(Kind.class), "a blue square and a large red circle");
    }

    @Test
    void eachWrongAttributeIsNamedUnderTheClosestAssignment() {
        expect(EnumSet.of(Kind.COLOUR), "a green circle to the left of a blue square");
        expect(EnumSet.of(Kind.SHAPE), "a red diamond and a blue square");
        expect(EnumSet.of(Kind.SIZE), "a small red circle and a blue square");
        // the attributes swapped between the two objects: two colours wrong, shapes right
        expect(EnumSet.of(Kind.COLOUR), "a blue circle and a red square");
        expect(EnumSet.of(Kind.COLOUR, Kind.SHAPE), "a green triangle and a blue square");
    }

    @Test
    void relationsAndObjectCounts() {
        expect(EnumSet.of(Kind.RELATION), "a red circle to the right of a blue square");
        expect(EnumSet.of(Kind.MISSING_OBJECT), "a red circle");
        expect(EnumSet.of(Kind.MISSING_OBJECT, Kind.SHAPE), "there is a red cross");
        expect(EnumSet.of(Kind.EXTRA_OBJECT), "a red circle a blue square and a blue square");
        expect(EnumSet.of(Kind.UNPARSED), "a red circle to the left");
    }
}
