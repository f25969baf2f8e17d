package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.Scene;
import caption.data.shapes.SceneObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rewards of self-critical training: CIDEr-D with an end marker, and CIDEr-D gated by the shapes checker. */
class CaptionRewardTest {

    /** Two orange crosses, the small one above the large one: a swapped relation is one word. */
    private static final Scene TWINS = new Scene(0, new int[] {230, 230, 230}, List.of(
            new SceneObject("cross", "orange", "small", 20, 40, 20, new int[] {240, 130, 30}),
            new SceneObject("cross", "orange", "large", 40, 45, 95, new int[] {240, 130, 30})));

    /** A second image, so that CIDEr-D's document frequencies tell the words apart. */
    private static final Scene CIRCLE = new Scene(1, new int[] {230, 230, 230}, List.of(
            new SceneObject("circle", "blue", "large", 40, 64, 64, new int[] {40, 80, 210})));

    private static final List<List<String>> REFERENCES = List.of(List.of(
            "a small orange cross above a large orange cross",
            "there is a large orange cross below a small orange cross",
            "an orange cross and a large orange cross",
            "two orange crosses",
            "there is an orange cross above an orange cross"),
            List.of("a large blue circle", "there is a blue circle", "a blue circle", "there is a large blue circle",
                    "a large blue circle"));

    private final CaptionReward cider = CaptionReward.ciderD(REFERENCES);
    private final CaptionReward truth = CaptionReward.sceneTruth(List.of(TWINS, CIRCLE), REFERENCES);

    @Test
    void aTrueAndCompleteCaptionIsPaidItsCiderD() {
        for (String caption : List.of("a small orange cross above a large orange cross", "two orange crosses",
                "a large orange cross below an orange cross")) {
            double paid = truth.of(0, caption, true);
            assertTrue(paid > 0, caption);
            assertEquals(new CiderDReward(REFERENCES, false).of(0, caption, true), paid, 1e-12, caption);
        }
    }

    @Test
    void theEndMarkerPaysAnEndingTheReferencesHaveAndNotOneCutShort() {
        CaptionReward unmarked = new CiderDReward(REFERENCES, false);
        String whole = "there is a large blue circle";
        String cutShort = "there is a large blue";
        assertTrue(cider.of(1, whole, true) > cider.of(1, whole, false), "a caption cut at the length limit loses its ending");
        assertEquals(unmarked.of(1, whole, true), unmarked.of(1, whole, false), 1e-12);
        double markedShare = cider.of(1, cutShort, true) / cider.of(1, whole, true);
        double unmarkedShare = unmarked.of(1, cutShort, true) / unmarked.of(1, whole, true);
        assertTrue(markedShare < unmarkedShare - 0.05,
                "stopping after 'blue' keeps " + markedShare + " of the reward with the marker, " + unmarkedShare + " without");
    }

    @Test
    void aFalseOrIncompleteCaptionIsPaidNothingWhateverItsCiderD() {
        String swapped = "a small orange cross below a large orange cross";
        assertTrue(cider.of(0, swapped, true) > 0.5 * cider.of(0, "a small orange cross above a large orange cross", true),
                "CIDEr-D alone barely minds the swap");
        assertEquals(0, truth.of(0, swapped, true));
        assertEquals(0, truth.of(0, "a large orange cross", true), "one object of two");
        assertEquals(0, truth.of(0, "two blue crosses", true));
        assertEquals(0, truth.of(0, "orange orange cross", true), "no caption of the grammar");
        assertTrue(truth.of(1, "a large blue circle", true) > 0);
    }

    @Test
    void kindsAreNamedAsTheOptionSpellsThem() {
        assertEquals(CaptionReward.Kind.CIDER_D, CaptionReward.Kind.parse("cider-d"));
        assertEquals(CaptionReward.Kind.SCENE_TRUTH, CaptionReward.Kind.parse("scene-truth"));
        assertEquals(CaptionReward.Kind.SCENE_TRUTH, truth.kind());
        assertEquals(2, truth.images());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CaptionReward.Kind.parse("bleu"));
        assertEquals("cider-d or scene-truth, not 'bleu'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CaptionReward.sceneTruth(List.of(TWINS), List.of()));
    }
}
