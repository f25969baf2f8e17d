package caption.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Images searched together ({@link BeamSearch#searchEach}) get what each gets searched alone. */
class SearchEachTest {

    static final int START = 0;
    static final int END = 1;
    static final int VOCAB = 9;

    /**
     * A model of several images whose next-word distribution is a pseudo-random function of the
     * image and the prefix; the end grows likelier with length. It counts its steps and rows.
     */
    static final class Tree implements StepFunction<List<Tree.Row>> {
        record Row(int image, List<Integer> prefix) {}

        private final int[] images;
        int steps;
        int rows;
        final List<Integer> rowsPerStep = new ArrayList<>();

        Tree(int... images) {
            this.images = images.clone();
        }

        @Override
        public List<Row> initial() {
            return Arrays.stream(images).mapToObj(i -> new Row(i, List.of())).toList();
        }

        @Override
        public Result<List<Row>> step(List<Row> state, int[] lastWords) {
            steps++;
            rows += lastWords.length;
            rowsPerStep.add(lastWords.length);
            float[][] logProbs = new float[lastWords.length][];
            List<Row> next = new ArrayList<>();
            for (int r = 0; r < lastWords.length; r++) {
                List<Integer> prefix = new ArrayList<>(state.get(r).prefix());
                if (lastWords[r] != START) {
                    prefix.add(lastWords[r]);
                }
                logProbs[r] = distribution(state.get(r).image(), prefix);
                next.add(new Row(state.get(r).image(), prefix));
            }
            return new Result<>(logProbs, next);
        }

        @Override
        public List<Row> select(List<Row> state, int[] selected) {
            return Arrays.stream(selected).mapToObj(state::get).toList();
        }

        private static float[] distribution(int image, List<Integer> prefix) {
            Random rng = new Random(31L * image + prefix.hashCode());
            double[] logits = new double[VOCAB];
            for (int w = 0; w < VOCAB; w++) {
                logits[w] = 2 * rng.nextGaussian();
            }
            logits[START] = Double.NEGATIVE_INFINITY;
            logits[END] += 0.6 * prefix.size() - 2;
            double sum = Arrays.stream(logits).map(Math::exp).sum();
            float[] out = new float[VOCAB];
            for (int w = 0; w < VOCAB; w++) {
                out[w] = (float) (logits[w] - Math.log(sum));
            }
            return out;
        }
    }

    private static final int[] IMAGES = {3, 14, 15, 92, 65, 35, 89, 79};

    @ParameterizedTest(name = "beam {0}")
    @ValueSource(ints = {1, 3, 5})
    void eachImageGetsItsOwnSearchsCaptions(int beam) {
        for (SearchSettings settings : List.of(new SearchSettings(beam, 12, 0.7),
                new SearchSettings(beam, 6, 0.0).withConstraints(3, true))) {
            BeamSearch search = new BeamSearch(settings, START, END);
            Tree together = new Tree(IMAGES);
            List<List<Hypothesis>> batched = search.searchEach(together, IMAGES.length);
            int aloneSteps = 0;
            int aloneRows = 0;
            for (int i = 0; i < IMAGES.length; i++) {
                Tree alone = new Tree(IMAGES[i]);
                assertSame(search.search(alone), batched.get(i), "image " + i + ", " + settings);
                aloneSteps = Math.max(aloneSteps, alone.steps);
                aloneRows += alone.rows;
            }
            assertEquals(aloneSteps, together.steps, "as many steps as the longest search alone");
            assertEquals(aloneRows, together.rows, "ended beams and finished images leave the rows");
        }
    }

    @Test
    void oneImageIsTheSearchOfOne() {
        SearchSettings settings = new SearchSettings(3, 10, 0.7);
        BeamSearch search = new BeamSearch(settings, START, END);
        assertSame(search.search(new Tree(7)), search.searchEach(new Tree(7), 1).get(0), "one image");
        assertThrows(IllegalArgumentException.class, () -> search.searchEach(new Tree(), 0));
    }

    private static void assertSame(List<Hypothesis> expected, List<Hypothesis> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int h = 0; h < expected.size(); h++) {
            assertArrayEquals(expected.get(h).words(), actual.get(h).words(), what + ", hypothesis " + h);
            assertEquals(expected.get(h).logProb(), actual.get(h).logProb(), 0.0, what);
            assertEquals(expected.get(h).score(), actual.get(h).score(), 0.0, what);
            assertEquals(expected.get(h).ended(), actual.get(h).ended(), what);
        }
    }
}
