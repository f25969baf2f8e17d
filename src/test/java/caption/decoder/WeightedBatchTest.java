package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-caption weights of a batch scale that caption's share of the gradient, and nothing else. */
class WeightedBatchTest {

    private static final int PAD = 0;
    private static final int REGIONS = 4;
    private static final int CHANNELS = 3;
    /** A short caption first, so that packing (longest first) reorders the rows and their weights. */
    private static final int[][] TOKENS = {{1, 6, 2, PAD, PAD}, {1, 4, 5, 6, 2}};
    private static final int SHORT_WORDS = 2;
    private static final int ALL_WORDS = 6;

    private static CaptionDecoder showTell() {
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, 7, REGIONS * CHANNELS, 4, 3, 0.0);
        return new ShowTellDecoder(config, DecoderParams.initialise(config, 42, DataType.DOUBLE));
    }

    private static CaptionDecoder attendTell() {
        DecoderConfig config = new DecoderConfig(AttendTellType.NAME, 7, CHANNELS, 4, 3, 0.0, REGIONS, 5, 0.0, 2);
        return new AttendTellDecoder(config, DecoderParams.initialise(config, 42, DataType.DOUBLE));
    }

    private static INDArray features() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.DOUBLE, 2, REGIONS * CHANNELS).subi(0.5);
    }

    @Test
    void weightsOfOneChangeNothingAndWeightsOfTwoDoubleTheGradients() {
        for (CaptionDecoder decoder : new CaptionDecoder[] {showTell(), attendTell()}) {
            INDArray f = features();
            Map<String, INDArray> plain = decoder.lossAndGradients(new Batch(f, TOKENS, PAD), new Random(1)).gradients();
            Map<String, INDArray> ones = decoder.lossAndGradients(new Batch(f, TOKENS, PAD, new float[] {1, 1}),
                    new Random(1)).gradients();
            Map<String, INDArray> twos = decoder.lossAndGradients(new Batch(f, TOKENS, PAD, new float[] {2, 2}),
                    new Random(1)).gradients();
            for (String name : plain.keySet()) {
                assertEquals(0.0, plain.get(name).sub(ones.get(name)).amaxNumber().doubleValue(), 1e-15, name);
                assertEquals(0.0, plain.get(name).mul(2).sub(twos.get(name)).amaxNumber().doubleValue(), 1e-12, name);
            }
        }
    }

    @Test
    void aCaptionOfWeightZeroAddsNothing() {
        for (CaptionDecoder decoder : new CaptionDecoder[] {showTell(), attendTell()}) {
            INDArray f = features();
            Map<String, INDArray> weighted = decoder.lossAndGradients(
                    new Batch(f, TOKENS, PAD, new float[] {1, 0}), new Random(1)).gradients();
            Map<String, INDArray> alone = decoder.lossAndGradients(
                    new Batch(f.getRow(0, true), new int[][] {{1, 6, 2}}, PAD), new Random(1)).gradients();
            for (String name : alone.keySet()) {
                // the mean over the batch's words: the short caption's gradient scaled by its share of them
                INDArray expected = alone.get(name).mul((double) SHORT_WORDS / ALL_WORDS);
                assertEquals(0.0, expected.sub(weighted.get(name)).amaxNumber().doubleValue(), 1e-12, name);
            }
        }
    }
}
