package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The attention replays of several images as one set of rows against each image's own replay, bit
 * for bit: captions of different lengths (an empty one too), so that rows leave the set step by step.
 */
class AttentionEachTest {

    @Test
    void eachImageGetsItsOwnReplay() {
        DecoderConfig config = new DecoderConfig(AttendTellType.NAME, 50, 6, 16, 24, 0.0, 9, 10, 1.0, 2);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
        List<int[]> words = List.of(new int[] {4, 9, 11}, new int[0], new int[] {7}, new int[] {3, 3, 5, 8, 2, 40});
        Random rng = new Random(11);
        float[] values = new float[words.size() * config.featureWidth()];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) rng.nextGaussian();
        }
        INDArray features = Nd4j.create(values, new long[] {words.size(), config.featureWidth()}, 'c');
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            try (NumericsChoice.Scope ignored = NumericsChoice.using(numerics)) {
                List<float[][]> together = decoder.attentionEach(features, 1, words);
                assertEquals(words.size(), together.size());
                for (int i = 0; i < words.size(); i++) {
                    INDArray row = features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
                    float[][] alone = decoder.attention(row, 1, words.get(i));
                    assertEquals(alone.length, together.get(i).length, numerics.name() + ", image " + i);
                    for (int t = 0; t < alone.length; t++) {
                        assertArrayEquals(alone[t], together.get(i)[t], numerics.name() + ", image " + i + ", word " + t);
                    }
                }
            }
        }
    }
}
