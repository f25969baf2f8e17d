package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Each kernel against the ND4J expression the attention decoder uses without it (5 captions, 7 positions, 19 channels). */
class AttentionNumericsTest {

    private static final int N = 5;
    private static final int L = 7;
    private static final int C = 19;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void tanhLayerIsTanhOfTheBroadcastSum(String name) {
        INDArray projected = Nd4j.randn(DataType.FLOAT, N, L, C);
        INDArray query = Nd4j.randn(DataType.FLOAT, N, C);
        INDArray expected = Transforms.tanh(projected.add(query.reshape('c', N, 1, C)), false).reshape('c', N * L, C);
        assertClose(expected, NumericsChoice.choose(name).attentionLayer(projected, query));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void contextAndItsGradientAreTheBatchedProducts(String name) {
        INDArray alpha = Nd4j.rand(DataType.FLOAT, N, L);
        INDArray features = Nd4j.randn(DataType.FLOAT, N, L, C);
        INDArray expected = Nd4j.matmul(alpha.reshape('c', N, 1, L), features).reshape('c', N, C);
        assertClose(expected, NumericsChoice.choose(name).attentionContext(alpha, features));

        INDArray dContext = Nd4j.randn(DataType.FLOAT, N, C);
        INDArray expectedDots = Nd4j.matmul(features, dContext.reshape('c', N, C, 1)).reshape('c', N, L);
        assertClose(expectedDots, NumericsChoice.choose(name).attentionPositionDots(features, dContext));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void contextBackwardAddsEachWeightTimesTheContextGradientToItsPosition(String name) {
        INDArray alpha = Nd4j.rand(DataType.FLOAT, N - 2, L);
        INDArray dContext = Nd4j.randn(DataType.FLOAT, N - 2, C);
        INDArray dFeatures = Nd4j.randn(DataType.FLOAT, N, L, C);
        INDArray expected = dFeatures.dup();
        expected.get(interval(0, N - 2), all(), all())
                .addi(Nd4j.matmul(alpha.reshape('c', N - 2, L, 1), dContext.reshape('c', N - 2, 1, C)));

        // the first captions' rows, as a step of packed sequences adds to them
        INDArray firstCaptions = dFeatures.get(interval(0, N - 2), all(), all());
        NumericsChoice.choose(name).attentionContextBackward(alpha, dContext, firstCaptions);

        assertClose(expected, dFeatures);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void scoreBackwardAddsThePreActivationGradientAndSumsItOverPositions(String name) {
        INDArray e = Transforms.tanh(Nd4j.randn(DataType.FLOAT, N * L, C), false);
        INDArray dScores = Nd4j.randn(DataType.FLOAT, N * L, 1);
        INDArray v = Nd4j.randn(DataType.FLOAT, 1, C);
        INDArray dProjected = Nd4j.randn(DataType.FLOAT, N * L, C);
        INDArray dPre = e.mul(e).rsubi(1.0).muliColumnVector(dScores).muliRowVector(v);
        INDArray expectedProjected = dProjected.add(dPre);
        INDArray expectedDq = dPre.reshape('c', N, L, C).sum(1);

        INDArray dq = NumericsChoice.choose(name).attentionLayerBackward(e, dScores, v, dProjected, N);

        assertClose(expectedProjected, dProjected);
        assertClose(expectedDq, dq);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-5);
    }
}
