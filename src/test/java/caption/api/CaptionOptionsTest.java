package caption.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import caption.search.SearchSettings;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A library user's options: each refusal one line naming the values, whether alone, together or against the model. */
class CaptionOptionsTest {

    private static final SearchSettings MODEL = new SearchSettings(5, 20, 0.7, SearchSettings.BEAM, 1.0, 0, true);

    @Test
    void valuesAloneOrTogetherAreRefusedInOneLine() {
        refused("beam width must be at least 1, not 0", () -> CaptionOptions.builder().beam(0).build());
        refused("minimum length 10 is over the maximum length 5",
                () -> CaptionOptions.builder().minLength(10).maxLength(5).build());
        refused("n-best 4 is over the beam width 3 (a search keeps at most beam-many captions)",
                () -> CaptionOptions.builder().beam(3).nBest(4).build());
        refused("beam width 3 needs method beam or sample; method greedy keeps one caption",
                () -> CaptionOptions.builder().method("greedy").beam(3).build());
        refused("n-best 2 needs method beam or sample; method greedy keeps one caption",
                () -> CaptionOptions.builder().method("greedy").nBest(2).build());
        refused("a temperature needs method sample; method is beam",
                () -> CaptionOptions.builder().method("beam").temperature(0.5).build());
        refused("search method must be beam, greedy or sample, not best", () -> CaptionOptions.builder().method("best").build());
        refused("sampling temperature must be a number above 0, not NaN",
                () -> CaptionOptions.builder().method("sample").temperature(Double.NaN).build());
        refused("length normalisation exponent must be a number from 0 up, not -1.0",
                () -> CaptionOptions.builder().lengthAlpha(-1).build());
    }

    @Test
    void valuesThatContradictTheModelsOwnSearchAreRefusedWhenItIsKnown() {
        refused("minimum length 30 is over the model's maximum length 20; give a maximum length too",
                () -> CaptionOptions.builder().minLength(30).build().search(MODEL));
        refused("a temperature needs method sample; the model's method is beam",
                () -> CaptionOptions.builder().temperature(0.8).build().search(MODEL));
        SearchSettings asked = CaptionOptions.builder().minLength(30).maxLength(40).method("sample").temperature(0.8)
                .build().search(MODEL);
        assertEquals(new SearchSettings(5, 40, 0.7, SearchSettings.SAMPLE, 0.8, 30, true), asked);
        assertEquals(MODEL, CaptionOptions.defaults().search(MODEL));
    }

    private static void refused(String message, Supplier<Object> options) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::get);
        assertEquals(message, e.getMessage());
    }
}
