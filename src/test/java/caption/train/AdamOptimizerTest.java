package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import caption.decoder.DecoderParams;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamOptimizerTest {

    @Test
    void aStepRenewsTheDecodingCopiesOfTheWeights() {
        DecoderParams params = new DecoderParams(Map.of(DecoderParams.OUT_W, Nd4j.rand(3, 4)));
        INDArray before = params.columnMajor(DecoderParams.OUT_W);
        assertSame(before, params.columnMajor(DecoderParams.OUT_W), "made once while the weights stay");
        assertEquals('f', before.ordering());

        AdamOptimizer adam = new AdamOptimizer(params.asMap(), 0.1, 5.0);
        adam.step(params, Map.of(DecoderParams.OUT_W, Nd4j.ones(3, 4)), 0);

        INDArray after = params.columnMajor(DecoderParams.OUT_W);
        assertEquals(params.get(DecoderParams.OUT_W), after);
        assertNotEquals(before, after);
    }
}
