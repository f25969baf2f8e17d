package caption.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.model.AttentionMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionSharpnessTest {

    @Test
    void uniformWeightsHaveTheSmallestMaximumAndEntropyOne() {
        float q = 0.25f;
        AttentionSharpness s = new AttentionSharpness();
        s.add(new AttentionMap(2, 2, List.of("a", "<end>"), new float[][] {{q, q, q, q}, {q, q, q, q}}));
        assertEquals(0.25, s.figures().get("attention_max_weight"), 1e-7);
        assertEquals(1.0, s.figures().get("attention_entropy"), 1e-6);
        assertEquals(0.25, s.figures().get("attention_uniform_weight"));
    }

    @Test
    void oneWordOnOnePositionAndOneSpreadOverTwoAverage() {
        AttentionSharpness s = new AttentionSharpness();
        s.add(new AttentionMap(2, 2, List.of("a", "b"), new float[][] {{0, 1, 0, 0}, {0.5f, 0.5f, 0, 0}}));
        assertEquals(0.75, s.figures().get("attention_max_weight"), 1e-7);
        // entropies 0 and log 2, over log 4
        assertEquals(0.25, s.figures().get("attention_entropy"), 1e-6);
    }

    @Test
    void noMapsNoFigures() {
        assertTrue(new AttentionSharpness().figures().isEmpty());
    }
}
