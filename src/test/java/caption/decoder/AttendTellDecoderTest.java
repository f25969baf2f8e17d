package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.kernel.NumericsChoice;
import caption.search.StepFunction;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttendTellDecoderTest {

    private static final int PAD = 0;
    private static final int REGIONS = 4;
    private static final int CHANNELS = 3;

    private static AttendTellDecoder tinyDecoder(double lambda) {
        return tinyDecoder(lambda, 2);
    }

    private static AttendTellDecoder tinyDecoder(double lambda, int positionChannels) {
        DecoderConfig config = new DecoderConfig(AttendTellType.NAME, 7, CHANNELS, 4, 3, 0.0, REGIONS, 5,
                lambda, positionChannels);
        return new AttendTellDecoder(config, DecoderParams.initialise(config, 42, DataType.DOUBLE));
    }

    /** Two images of 4 positions x 3 channels and captions of different lengths. */
    private static Batch tinyBatch() {
        Random rng = new Random(3);
        double[][] rows = new double[2][REGIONS * CHANNELS];
        for (double[] row : rows) {
            for (int k = 0; k < row.length; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        int[][] tokens = {{1, 4, 5, 6, 2}, {1, 6, 2, PAD, PAD}};
        return new Batch(Nd4j.create(rows), tokens, PAD);
    }

    @ParameterizedTest(name = "position channels {0}")
    @ValueSource(ints = {0, 2})
    void analyticGradientsMatchNumericalOnesWithTheRegulariser(int positionChannels) {
        AttendTellDecoder decoder = tinyDecoder(0.7, positionChannels);
        Batch batch = tinyBatch();
        Map<String, INDArray> grads = decoder.lossAndGradients(batch, new Random(1)).gradients();
        GradientCheck.assertMatches(decoder.params(), grads, () -> decoder.objective(batch));
    }

    /** The shorter caption first, so that sorting the batch reorders it and the gradient must be put back. */
    private static Batch shorterFirst() {
        return GradientCheck.twoRowsSwapped(tinyBatch());
    }

    @ParameterizedTest(name = "{0} numerics, position channels {1}")
    @CsvSource({"cpu, 0", "cpu, 2", "nd4j, 0", "nd4j, 2"})
    void theFeatureGradientThroughTheScalerMatchesNumericalOne(String numerics, int positionChannels) {
        try (NumericsChoice.Scope ignored = NumericsChoice.using(NumericsChoice.choose(numerics))) {
            AttendTellDecoder decoder = tinyDecoder(0.7, positionChannels);
            double largest = GradientCheck.assertFeatureGradientThroughScaler(decoder, shorterFirst(),
                    GradientCheck.someScaler(CHANNELS, 11), decoder::objective);
            System.err.printf("attend-tell, %s numerics, %d position channels: feature gradient's largest error %.3g "
                    + "of the largest value%n", numerics, positionChannels, largest);
        }
    }

    @ParameterizedTest(name = "{0} numerics")
    @ValueSource(strings = {"cpu", "nd4j"})
    void theFloatFeatureGradientMatchesDoubleDifferences(String numerics) {
        try (NumericsChoice.Scope ignored = NumericsChoice.using(NumericsChoice.choose(numerics))) {
            AttendTellDecoder decoder = tinyDecoder(0.7);
            double ratio = GradientCheck.assertFloatFeatureGradientClose(decoder, shorterFirst(), decoder::objective);
            System.err.printf("attend-tell, %s numerics in float: feature gradient within %.3g of the largest%n",
                    numerics, ratio);
        }
    }

    @Test
    void theOrderOfTheCaptionsInABatchChangesNothing() {
        GradientCheck.assertOrderDoesNotMatter(tinyDecoder(0.7), tinyBatch());
    }

    @Test
    void positionsMakeTheSameFeaturesAtAnotherPlaceReadDifferently() {
        // one bright position, first at the top left, then at the bottom right
        double[] topLeft = new double[REGIONS * CHANNELS];
        double[] bottomRight = new double[REGIONS * CHANNELS];
        java.util.Arrays.fill(topLeft, 0, CHANNELS, 3.0);
        java.util.Arrays.fill(bottomRight, (REGIONS - 1) * CHANNELS, REGIONS * CHANNELS, 3.0);
        int[][] tokens = {{1, 4, 2}};
        for (int positions : new int[] {0, 2}) {
            AttendTellDecoder decoder = tinyDecoder(0, positions);
            double a = decoder.loss(new Batch(Nd4j.create(new double[][] {topLeft}), tokens, PAD));
            double b = decoder.loss(new Batch(Nd4j.create(new double[][] {bottomRight}), tokens, PAD));
            if (positions == 0) {
                assertEquals(a, b, 1e-12, "without positions the grid is a set");
            } else {
                assertTrue(Math.abs(a - b) > 1e-6, "with positions, where it is matters");
            }
        }
    }

    @Test
    void theRegulariserIsAddedToTheObjectiveNotTheReportedLoss() {
        Batch batch = tinyBatch();
        AttendTellDecoder without = tinyDecoder(0);
        AttendTellDecoder with = tinyDecoder(1);
        assertEquals(without.loss(batch), with.loss(batch), 1e-12);
        assertEquals(without.loss(batch), without.objective(batch), 1e-12);
        assertTrue(with.objective(batch) > with.loss(batch));
    }

    @Test
    void beamStepsAgreeWithTeacherForcingAndAttentionSumsToOne() {
        AttendTellDecoder decoder = tinyDecoder(1);
        Batch batch = tinyBatch();
        INDArray first = batch.features().getRow(0, true);
        int[] tokens = batch.tokens()[0];
        StepFunction<AttendTellSteps.Rows> steps = decoder.steps(first);
        // two beams of the same image, as the search runs them
        AttendTellSteps.Rows state = steps.select(steps.initial(), new int[] {0, 0});
        double nll = 0;
        for (int t = 0; t + 1 < tokens.length; t++) {
            StepFunction.Result<AttendTellSteps.Rows> r = steps.step(state, new int[] {tokens[t], tokens[t]});
            assertEquals(r.logProbs()[0][tokens[t + 1]], r.logProbs()[1][tokens[t + 1]], 1e-6);
            nll -= r.logProbs()[0][tokens[t + 1]];
            state = r.state();
        }
        assertEquals(decoder.loss(new Batch(first, new int[][] {tokens}, PAD)), nll / (tokens.length - 1), 1e-5);
        float[][] weights = decoder.attention(first, tokens[0], new int[] {4, 5, 6});
        assertEquals(4, weights.length);
        for (float[] w : weights) {
            double sum = 0;
            for (float x : w) {
                assertTrue(x >= 0);
                sum += x;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void theBannedWordIsNeverProposed() {
        AttendTellDecoder decoder = tinyDecoder(1);
        INDArray first = tinyBatch().features().getRow(0, true);
        StepFunction<?> steps = decoder.steps(first, 3);
        assertEquals(Float.NEGATIVE_INFINITY, firstStep(steps)[0][3]);
    }

    private static <S> float[][] firstStep(StepFunction<S> steps) {
        return steps.step(steps.initial(), new int[] {1}).logProbs();
    }
}
