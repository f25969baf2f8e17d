package caption.data.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionCheckerTest {

    /** A large red circle at the left, a small blue square to its right and a little lower. */
    private static final Scene TWO = new Scene(1, new int[] {230, 230, 230}, List.of(
            new SceneObject("circle", "red", "large", 40, 30, 60, new int[] {210, 40, 40}),
            new SceneObject("square", "blue", "small", 20, 100, 70, new int[] {40, 80, 210})));

    private static final Scene TWINS = new Scene(2, new int[] {230, 230, 230}, List.of(
            new SceneObject("cross", "orange", "small", 20, 20, 20, new int[] {240, 130, 30}),
            new SceneObject("cross", "orange", "large", 40, 30, 95, new int[] {240, 130, 30})));

    private final CaptionChecker checker = new CaptionChecker();

    private void verdict(String caption, Scene scene, boolean parsed, boolean isTrue, boolean complete) {
        assertEquals(new CaptionChecker.Verdict(parsed, isTrue, complete), checker.check(caption, scene), caption);
    }

    @Test
    void trueAndCompleteCaptions() {
        verdict("a red circle to the left of a small blue square", TWO, true, true, true);
        verdict("there is a small blue square to the right of a large red circle", TWO, true, true, true);
        verdict("a blue square and a red circle", TWO, true, true, true);
        verdict("two orange crosses", TWINS, true, true, true);
        verdict("an orange cross above a large orange cross", TWINS, true, true, true);
    }

    @Test
    void falseCaptions() {
        verdict("a red circle to the right of a blue square", TWO, true, false, true);
        verdict("a small red circle and a blue square", TWO, true, false, true);
        verdict("a green circle and a blue square", TWO, true, false, true);
        verdict("a red circle above a blue square", TWO, true, false, true); // dy = 10 < |dx| = 70
        verdict("two red circles", TWO, true, false, true);
        verdict("three orange crosses", TWINS, true, false, false);
    }

    @Test
    void incompleteCaptions() {
        verdict("a red circle", TWO, true, true, false);
        verdict("there is a small blue square", TWO, true, true, false);
    }

    @Test
    void unparsableCaptions() {
        verdict("", TWO, false, false, false);
        verdict("a red circle next to a blue square", TWO, false, false, false);
        verdict("an red circle and a blue square", TWO, false, false, false);
        verdict("a orange cross", TWINS, false, false, false);
        verdict("a red circles", TWO, false, false, false);
        verdict("two orange cross", TWINS, false, false, false);
        verdict("there is a red circle and a blue square", TWO, false, false, false);
        verdict("a red circle to the left of", TWO, false, false, false);
        verdict("red circle", TWO, false, false, false);
    }

    @Test
    void threeObjectTemplatesParse() {
        Scene three = new Scene(3, new int[] {230, 230, 230}, List.of(
                new SceneObject("circle", "red", "small", 20, 20, 60, new int[] {210, 40, 40}),
                new SceneObject("square", "blue", "small", 20, 64, 62, new int[] {40, 80, 210}),
                new SceneObject("diamond", "green", "large", 40, 100, 30, new int[] {40, 160, 60})));
        verdict("a red circle a blue square and a green diamond", three, true, true, true);
        verdict("a red circle to the left of a blue square and a large green diamond", three, true, true, true);
        verdict("a red circle below a blue square and a green diamond", three, true, false, true);
    }
}
