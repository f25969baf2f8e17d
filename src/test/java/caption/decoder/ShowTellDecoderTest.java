package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ShowTellDecoderTest {

    private static final int PAD = 0;

    private static ShowTellDecoder tinyDecoder(double dropout) {
        DecoderConfig config = new DecoderConfig(DecoderConfig.SHOW_TELL, 7, 5, 4, 3, dropout);
        return new ShowTellDecoder(config, DecoderParams.initialise(config, 42, DataType.DOUBLE));
    }

    /** Two captions of different lengths, so the pad mask matters. */
    private static ShowTellDecoder.Batch tinyBatch() {
        INDArray features = Nd4j.create(new double[][] {{0.3, -0.2, 0.5, 0.1, -0.4}, {-0.1, 0.4, -0.3, 0.2, 0.25}});
        int[][] tokens = {{1, 4, 5, 6, 2}, {1, 6, 2, PAD, PAD}};
        return new ShowTellDecoder.Batch(features, tokens, PAD);
    }

    @Test
    void analyticGradientsMatchNumericalOnes() {
        ShowTellDecoder decoder = tinyDecoder(0);
        ShowTellDecoder.Batch batch = tinyBatch();
        Map<String, INDArray> grads = decoder.lossAndGradients(batch, new Random(1)).gradients();
        double eps = 1e-6;
        for (Map.Entry<String, INDArray> e : decoder.params().asMap().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = grads.get(e.getKey());
            assertEquals(p.length(), g.length(), e.getKey());
            for (long k = 0; k < p.length(); k++) {
                double original = p.getDouble(k);
                p.putScalar(k, original + eps);
                double up = decoder.loss(batch);
                p.putScalar(k, original - eps);
                double down = decoder.loss(batch);
                p.putScalar(k, original);
                double numeric = (up - down) / (2 * eps);
                double analytic = g.getDouble(k);
                double scale = Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
                assertTrue(Math.abs(numeric - analytic) / scale < 1e-5 || Math.abs(numeric - analytic) < 1e-9,
                        e.getKey() + "[" + k + "]: numeric " + numeric + " analytic " + analytic);
            }
        }
    }

    @Test
    void padTokensDoNotChangeTheLoss() {
        ShowTellDecoder decoder = tinyDecoder(0);
        ShowTellDecoder.Batch batch = tinyBatch();
        double loss = decoder.loss(batch);
        INDArray features = batch.features();
        // a row padded further gives the same mean loss over its real words
        int[][] longer = {{1, 4, 5, 6, 2, PAD}, {1, 6, 2, PAD, PAD, PAD}};
        assertEquals(loss, decoder.loss(new ShowTellDecoder.Batch(features, longer, PAD)), 1e-12);
    }

    @Test
    void stepLogProbabilitiesAgreeWithTeacherForcedLoss() {
        ShowTellDecoder decoder = tinyDecoder(0);
        ShowTellDecoder.Batch batch = tinyBatch();
        INDArray first = batch.features().getRow(0, true);
        int[] tokens = batch.tokens()[0];
        ShowTellDecoder.State state = decoder.start(first);
        double nll = 0;
        for (int t = 0; t + 1 < tokens.length; t++) {
            ShowTellDecoder.Step step = decoder.step(state, new int[] {tokens[t]});
            nll -= step.logProbs()[0][tokens[t + 1]];
            state = step.state();
        }
        double expected = decoder.loss(new ShowTellDecoder.Batch(first, new int[][] {tokens}, PAD));
        assertEquals(expected, nll / (tokens.length - 1), 1e-5);
    }
}
