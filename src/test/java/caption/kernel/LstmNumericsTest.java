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

/** Both numerics against the ND4J expressions of the decoders' LSTM cell (3 rows, 13 units: a vector tail). */
class LstmNumericsTest {

    private static final int B = 3;
    private static final int H = 13;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void activateAndBackwardMatchTheNd4jExpressions(String name) {
        INDArray z = Nd4j.randn(DataType.FLOAT, B, 4 * H);
        INDArray cPrev = Nd4j.randn(DataType.FLOAT, B, H);
        INDArray i = Transforms.sigmoid(gate(z, 0), true);
        INDArray f = Transforms.sigmoid(gate(z, 1), true);
        INDArray o = Transforms.sigmoid(gate(z, 2), true);
        INDArray g = Transforms.tanh(gate(z, 3), true);
        INDArray c = f.mul(cPrev).add(i.mul(g));
        INDArray tanhC = Transforms.tanh(c, true);

        INDArray gates = z.dup();
        Numerics.LstmState s = NumericsChoice.choose(name).lstmForward(gates, cPrev);
        assertClose(Nd4j.hstack(i, f, o, g), gates);
        assertClose(c, s.c());
        assertClose(tanhC, s.tanhC());
        assertClose(o.mul(tanhC), s.h());

        INDArray dh = Nd4j.randn(DataType.FLOAT, B, H);
        INDArray dcNext = Nd4j.randn(DataType.FLOAT, B, H);
        INDArray dc = dh.mul(o).mul(tanhC.mul(tanhC).rsub(1.0)).add(dcNext);
        INDArray dz = Nd4j.hstack(dc.mul(g).mul(i).mul(i.rsub(1.0)), dc.mul(cPrev).mul(f).mul(f.rsub(1.0)),
                dh.mul(tanhC).mul(o).mul(o.rsub(1.0)), dc.mul(i).mul(g.mul(g).rsub(1.0)));
        Numerics.LstmGradients d = NumericsChoice.choose(name).lstmBackward(gates, s.tanhC(), cPrev, dh, dcNext);
        assertClose(dz, d.dz());
        assertClose(dc.mul(f), d.dcPrev());
    }

    private static INDArray gate(INDArray z, int k) {
        return z.get(all(), interval(k * H, (k + 1) * H));
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-5);
    }
}
