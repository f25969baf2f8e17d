package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import caption.kernel.NumericsChoice;
import caption.search.StepFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ShowTellDecoderTest {

    private static final int PAD = 0;

    private static ShowTellDecoder tinyDecoder(double dropout) {
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, 7, 5, 4, 3, dropout);
        return new ShowTellDecoder(config, DecoderParams.initialise(config, 42, DataType.DOUBLE));
    }

    /** Two captions of different lengths, so the pad mask matters. */
    private static Batch tinyBatch() {
        INDArray features = Nd4j.create(new double[][] {{0.3, -0.2, 0.5, 0.1, -0.4}, {-0.1, 0.4, -0.3, 0.2, 0.25}});
        int[][] tokens = {{1, 4, 5, 6, 2}, {1, 6, 2, PAD, PAD}};
        return new Batch(features, tokens, PAD);
    }

    @Test
    void theLstmOnJavaArraysAgreesWithTheStepByStepOne() {
        // float weights take the Vector API recurrence, double ones ND4J's steps; hidden 5 pads the panels,
        // six captions of lengths 1 to 5 give steps of 6, 5, 4, 2 and 1 rows (groups of four and remainders)
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, 9, 6, 4, 5, 0.0);
        DecoderParams doubles = DecoderParams.initialise(config, 3, DataType.DOUBLE);
        Map<String, INDArray> floatArrays = new java.util.LinkedHashMap<>();
        doubles.asMap().forEach((name, a) -> floatArrays.put(name, a.castTo(DataType.FLOAT)));
        int[][] tokens = {{1, 4, 2, PAD, PAD, PAD}, {1, 5, 6, 7, 8, 2}, {1, 6, 2, PAD, PAD, PAD},
            {1, 7, 8, 2, PAD, PAD}, {1, 8, 5, 4, 2, PAD}, {1, 2, PAD, PAD, PAD, PAD}};
        INDArray features = Nd4j.rand(DataType.DOUBLE, 6, 6).subi(0.5);
        LossAndGradients expected = new ShowTellDecoder(config, doubles)
                .lossAndGradients(new Batch(features, tokens, PAD), new Random(1));
        LossAndGradients actual = new ShowTellDecoder(config, new DecoderParams(floatArrays))
                .lossAndGradients(new Batch(features.castTo(DataType.FLOAT), tokens, PAD), new Random(1));
        assertEquals(expected.loss(), actual.loss(), 1e-5);
        for (String name : expected.gradients().keySet()) {
            INDArray difference = expected.gradients().get(name).castTo(DataType.FLOAT).sub(actual.gradients().get(name));
            assertEquals(0.0, difference.amaxNumber().doubleValue(), 1e-5, name);
        }
    }

    @Test
    void theOrderOfTheCaptionsInABatchChangesNothing() {
        GradientCheck.assertOrderDoesNotMatter(tinyDecoder(0), tinyBatch());
    }

    @Test
    void analyticGradientsMatchNumericalOnes() {
        ShowTellDecoder decoder = tinyDecoder(0);
        Batch batch = tinyBatch();
        Map<String, INDArray> grads = decoder.lossAndGradients(batch, new Random(1)).gradients();
        GradientCheck.assertMatches(decoder.params(), grads, () -> decoder.loss(batch));
    }

    /** The shorter caption first, so that sorting the batch reorders it and the gradient must be put back. */
    private static Batch shorterFirst() {
        return GradientCheck.twoRowsSwapped(tinyBatch());
    }

    @ParameterizedTest(name = "{0} numerics")
    @ValueSource(strings = {"cpu", "nd4j"})
    void theFeatureGradientThroughTheScalerMatchesNumericalOne(String numerics) {
        try (NumericsChoice.Scope ignored = NumericsChoice.using(NumericsChoice.choose(numerics))) {
            ShowTellDecoder decoder = tinyDecoder(0);
            double largest = GradientCheck.assertFeatureGradientThroughScaler(decoder, shorterFirst(),
                    GradientCheck.someScaler(5, 11), decoder::loss);
            System.err.printf("show-tell, %s numerics: feature gradient's largest error %.3g of the largest value%n",
                    numerics, largest);
        }
    }

    @ParameterizedTest(name = "{0} numerics")
    @ValueSource(strings = {"cpu", "nd4j"})
    void theFloatFeatureGradientMatchesDoubleDifferences(String numerics) {
        try (NumericsChoice.Scope ignored = NumericsChoice.using(NumericsChoice.choose(numerics))) {
            ShowTellDecoder decoder = tinyDecoder(0);
            double ratio = GradientCheck.assertFloatFeatureGradientClose(decoder, shorterFirst(), decoder::loss);
            System.err.printf("show-tell, %s numerics in float: feature gradient within %.3g of the largest%n",
                    numerics, ratio);
        }
    }

    @Test
    void padTokensDoNotChangeTheLoss() {
        ShowTellDecoder decoder = tinyDecoder(0);
        Batch batch = tinyBatch();
        double loss = decoder.loss(batch);
        INDArray features = batch.features();
        // a row padded further gives the same mean loss over its real words
        int[][] longer = {{1, 4, 5, 6, 2, PAD}, {1, 6, 2, PAD, PAD, PAD}};
        assertEquals(loss, decoder.loss(new Batch(features, longer, PAD)), 1e-12);
    }

    @Test
    void stepLogProbabilitiesAgreeWithTeacherForcedLoss() {
        ShowTellDecoder decoder = tinyDecoder(0);
        Batch batch = tinyBatch();
        INDArray first = batch.features().getRow(0, true);
        int[] tokens = batch.tokens()[0];
        StepFunction<ShowTellSteps.Rows> steps = decoder.steps(first);
        // two beams of the same image, as the search runs them
        ShowTellSteps.Rows state = steps.select(steps.initial(), new int[] {0, 0});
        double nll = 0;
        for (int t = 0; t + 1 < tokens.length; t++) {
            StepFunction.Result<ShowTellSteps.Rows> step = steps.step(state, new int[] {tokens[t], tokens[t]});
            assertEquals(step.logProbs()[0][tokens[t + 1]], step.logProbs()[1][tokens[t + 1]], 1e-6);
            nll -= step.logProbs()[0][tokens[t + 1]];
            state = step.state();
        }
        double expected = decoder.loss(new Batch(first, new int[][] {tokens}, PAD));
        assertEquals(expected, nll / (tokens.length - 1), 1e-5);
    }
}
