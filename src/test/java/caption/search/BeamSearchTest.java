package caption.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BeamSearchTest {

    static final int START = 0;
    static final int END = 1;
    static final int A = 2;
    static final int B = 3;
    static final int C = 4;
    static final int VOCAB = 5;

    /**
     * A hand-made model whose next-word distribution depends on the prefix. Greedy takes A (0.6)
     * then can only end with 0.6 * 0.3; B (0.4) then END (0.9) is better: 0.36.
     */
    static final class Table implements StepFunction<List<List<Integer>>> {
        private final Map<List<Integer>, double[]> next = Map.of(
                List.of(), probs(0, 0, 0.6, 0.4, 0),
                List.of(A), probs(0, 0.3, 0.35, 0, 0.35),
                List.of(B), probs(0, 0.9, 0.05, 0.05, 0),
                List.of(A, A), probs(0, 1, 0, 0, 0),
                List.of(A, C), probs(0, 1, 0, 0, 0));
        int steps;

        private static double[] probs(double... p) {
            return p;
        }

        @Override
        public List<List<Integer>> initial() {
            return List.of(List.of());
        }

        @Override
        public Result<List<List<Integer>>> step(List<List<Integer>> prefixes, int[] lastWords) {
            steps++;
            float[][] logProbs = new float[prefixes.size()][];
            List<List<Integer>> extended = new ArrayList<>();
            for (int r = 0; r < prefixes.size(); r++) {
                List<Integer> prefix = new ArrayList<>(prefixes.get(r));
                if (lastWords[r] != START) {
                    prefix.add(lastWords[r]);
                }
                double[] p = next.getOrDefault(prefix, probs(0, 1, 0, 0, 0));
                logProbs[r] = new float[VOCAB];
                for (int w = 0; w < VOCAB; w++) {
                    logProbs[r][w] = (float) Math.log(Math.max(p[w], 1e-12));
                }
                extended.add(prefix);
            }
            return new Result<>(logProbs, extended);
        }

        @Override
        public List<List<Integer>> select(List<List<Integer>> state, int[] rows) {
            List<List<Integer>> out = new ArrayList<>();
            for (int r : rows) {
                out.add(state.get(r));
            }
            return out;
        }
    }

    private static List<Hypothesis> search(int beam, int maxLength, double alpha) {
        return new BeamSearch(new SearchSettings(beam, maxLength, alpha), START, END).search(new Table());
    }

    @Test
    void greedyMissesTheBestSequenceThatBeamSearchFinds() {
        Hypothesis greedy = search(1, 10, 0).get(0);
        assertArrayEquals(new int[] {A, A}, greedy.words());
        assertEquals(Math.log(0.6 * 0.35 * 1.0), greedy.logProb(), 1e-6);
        Hypothesis beam = search(3, 10, 0).get(0);
        assertArrayEquals(new int[] {B}, beam.words());
        assertEquals(Math.log(0.4 * 0.9), beam.logProb(), 1e-6);
        assertTrue(beam.ended());
    }

    @Test
    void nBestIsSortedAndAtMostBeamLong() {
        List<Hypothesis> nBest = search(3, 10, 0);
        assertEquals(3, nBest.size());
        for (int i = 1; i < nBest.size(); i++) {
            assertTrue(nBest.get(i - 1).score() >= nBest.get(i).score());
        }
    }

    @Test
    void lengthNormalisationFavoursLongerCaptions() {
        // A A end: log(0.21)/3^alpha vs B end: log(0.36)/2^alpha; with alpha = 3 the longer one wins.
        assertEquals(1, search(3, 10, 0).get(0).words().length);
        Hypothesis normalised = search(3, 10, 3).get(0);
        assertEquals(2, normalised.words().length);
    }

    @Test
    void maximumLengthCutsUnfinishedSequences() {
        List<Hypothesis> nBest = search(2, 1, 0);
        assertFalse(nBest.isEmpty());
        for (Hypothesis h : nBest) {
            assertTrue(h.words().length <= 1);
        }
        assertFalse(nBest.get(0).ended());
    }

    @Test
    void stopsWhenEveryBeamHasEnded() {
        Table table = new Table();
        new BeamSearch(new SearchSettings(2, 50, 0), START, END).search(table);
        assertTrue(table.steps <= 3, "no steps after all beams ended: " + table.steps);
    }
}
