package caption.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.data.shapes.Scene;
import caption.data.shapes.SceneObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneAccuracyTest {

    /** A large red circle at the left, a small blue square to its right and a little lower. */
    private static final Scene TWO = new Scene(1, new int[] {230, 230, 230}, List.of(
            new SceneObject("circle", "red", "large", 40, 30, 60, new int[] {210, 40, 40}),
            new SceneObject("square", "blue", "small", 20, 100, 70, new int[] {40, 80, 210})));

    @Test
    void relationAccuracyCountsOnlyCaptionsThatStateARelation() {
        SceneAccuracy tally = new SceneAccuracy();
        tally.add("a red circle to the left of a small blue square", TWO); // relation, true
        tally.add("a red circle above a blue square", TWO);                // relation, false
        tally.add("a blue circle to the left of a blue square", TWO);      // relation, false colour
        tally.add("a red circle and a blue square", TWO);                  // no relation, true
        tally.add("a red circle", TWO);                                    // incomplete
        Map<String, Object> f = tally.figures();
        assertEquals(3, f.get("relation_captions"));
        assertEquals(1 / 3.0, (Double) f.get("relation_accuracy"), 1e-12);
        assertEquals(2 / 5.0, (Double) f.get("scene_accuracy"), 1e-12);
        assertEquals(3 / 5.0, (Double) f.get("true_rate"), 1e-12);
        assertEquals(Map.of("unparsed", 0, "missing_object", 1, "extra_object", 0, "colour", 1, "shape", 0,
                "size", 0, "relation", 1), f.get("errors_by_kind"));
    }
}
