package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Attention's softmax and the search's log-softmax, each implementation against the definition in
 * double precision: on host rows, on ND4J arrays (float and, through ND4J, double), and with logits
 * far apart.
 */
class SoftmaxNumericsTest {

    private static final int ROWS = 3;
    private static final int WIDTH = 49;

    private static float[] scores(long seed, float spread) {
        return gaussians(seed, ROWS * WIDTH, spread);
    }

    private static float[] gaussians(long seed, int count, float spread) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * spread;
        }
        return values;
    }

    /** log(softmax) of one row, in double precision. */
    private static double[] logSoftmax(float[] values, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < WIDTH; i++) {
            max = Math.max(max, values[row * WIDTH + i]);
        }
        double sum = 0;
        for (int i = 0; i < WIDTH; i++) {
            sum += Math.exp(values[row * WIDTH + i] - max);
        }
        double[] out = new double[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            out[i] = values[row * WIDTH + i] - max - Math.log(sum);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void softmaxOfHostRowsIsTheDefinition(String name) {
        float[] scores = scores(7, 3);
        float[] weights = scores.clone();
        NumericsChoice.choose(name).softmaxRows(weights, ROWS, WIDTH);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = logSoftmax(scores, r);
            double sum = 0;
            for (int i = 0; i < WIDTH; i++) {
                assertEquals(Math.exp(expected[i]), weights[r * WIDTH + i], 1e-6);
                sum += weights[r * WIDTH + i];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void softmaxOfAnArrayEqualsTheSoftmaxOfItsHostRows(String name) {
        Numerics numerics = NumericsChoice.choose(name);
        float[] scores = scores(11, 3);
        float[] weights = scores.clone();
        numerics.softmaxRows(weights, ROWS, WIDTH);
        INDArray array = Nd4j.create(scores, new long[] {ROWS, WIDTH}, 'c');
        INDArray fromArray = numerics.softmaxRows(array);
        assertArrayEquals(weights, fromArray.dup('c').data().asFloat(), 1e-7f);
        assertArrayEquals(scores, array.dup('c').data().asFloat(), "the scores are left as they were");

        INDArray doubles = numerics.softmaxRows(array.castTo(DataType.DOUBLE)); // the kernels take floats only
        assertArrayEquals(weights, doubles.castTo(DataType.FLOAT).dup('c').data().asFloat(), 1e-6f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void logSoftmaxIsTheDefinitionEvenWithLogitsFarApart(String name) {
        float[] logits = scores(13, 20);
        logits[5] = 1000;
        logits[WIDTH + 7] = -1000;
        float[][] logProbs = NumericsChoice.choose(name).logSoftmaxRows(logits.clone(), ROWS, WIDTH);
        assertEquals(ROWS, logProbs.length);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = logSoftmax(logits, r);
            for (int i = 0; i < WIDTH; i++) {
                assertEquals(expected[i], logProbs[r][i], 1e-4 * Math.max(1, Math.abs(expected[i])));
            }
        }
        assertEquals(0f, logProbs[0][5]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10_000})
    void theTwoImplementationsAgree(int width) {
        float[] logits = gaussians(width, 2 * width, 4);
        float[][] cpu = Numerics.cpu().logSoftmaxRows(logits.clone(), 2, width);
        float[][] nd4j = Numerics.nd4j().logSoftmaxRows(logits.clone(), 2, width);
        float[] cpuWeights = logits.clone();
        float[] nd4jWeights = logits.clone();
        Numerics.cpu().softmaxRows(cpuWeights, 2, width);
        Numerics.nd4j().softmaxRows(nd4jWeights, 2, width);
        for (int r = 0; r < 2; r++) {
            assertClose(nd4j[r], cpu[r]);
        }
        assertClose(nd4jWeights, cpuWeights);
    }

    /** To 1e-4 relative, as every equivalence of the two: float sums over 10,000 values differ by ~2e-5. */
    private static void assertClose(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1e-2, Math.abs(expected[i])), "at " + i);
        }
    }
}
