package caption.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import caption.decoder.DecoderParams;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamOptimizerTest {

    @Test
    void aStepRenewsTheSearchLayoutsOfTheWeights() {
        DecoderParams params = new DecoderParams(Map.of(DecoderParams.OUT_W, Nd4j.rand(DataType.FLOAT, 3, 4)));
        float[] x = {1, 2, 3};
        assertArrayEquals(times(x, params.get(DecoderParams.OUT_W)), params.searchProduct(DecoderParams.OUT_W, x, 1), 1e-6f);

        AdamOptimizer adam = new AdamOptimizer(params.asMap(), 0.1, 5.0);
        adam.step(params, Map.of(DecoderParams.OUT_W, Nd4j.ones(DataType.FLOAT, 3, 4)), 0);

        assertArrayEquals(times(x, params.get(DecoderParams.OUT_W)), params.searchProduct(DecoderParams.OUT_W, x, 1), 1e-6f,
                "the product uses the updated weights, not a stale layout");
    }

    private static float[] times(float[] x, INDArray w) {
        return Nd4j.create(x, new long[] {1, x.length}, 'c').mmul(w).dup('c').data().asFloat();
    }
}
