package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One LSTM step with the four gates in one matmul, {@code z = [x, h] W + b}, gates in the order
 * input, forget, output, cell; and its backward pass. Both decoders use it.
 */
final class LstmCell {

    /** A step's values kept for the backward pass. */
    record Step(INDArray xh, INDArray gates, INDArray cPrev, INDArray c, INDArray tanhC, INDArray h) {}

    /** Gradients of a step: in the pre-activations z, in the input [x, h_prev], and in c_prev. */
    record Backward(INDArray dz, INDArray dxh, INDArray dcPrev) {}

    /**
     * The two large weights of a decoding step in column-major order: ND4J multiplies a few rows by
     * a row-major weight through a copy of it, so a beam step ([3, 3072] x [3072, 2048]) took 14 ms
     * against 6 ms with the weight column-major. The copies are kept by the parameters until an
     * optimiser changes them.
     */
    record StepWeights(INDArray lstm, INDArray out) {
        static StepWeights of(DecoderParams params) {
            return new StepWeights(params.columnMajor(DecoderParams.LSTM_W), params.columnMajor(DecoderParams.OUT_W));
        }
    }

    private LstmCell() {}

    static Step forward(INDArray x, INDArray hPrev, INDArray cPrev, INDArray w, INDArray b) {
        int h = (int) hPrev.size(1);
        INDArray xh = Nd4j.hstack(x, hPrev);
        INDArray z = xh.mmul(w).addiRowVector(b);
        Transforms.sigmoid(z.get(all(), interval(0, 3 * h)), false);
        Transforms.tanh(z.get(all(), interval(3 * h, 4 * h)), false);
        INDArray c = gate(z, 1, h).mul(cPrev).addi(gate(z, 0, h).mul(gate(z, 3, h)));
        INDArray tanhC = Transforms.tanh(c, true);
        return new Step(xh, z, cPrev, c, tanhC, gate(z, 2, h).mul(tanhC));
    }

    /** Backward through a step, given the gradients in its h and c. */
    static Backward backward(Step s, INDArray dh, INDArray dcNext, INDArray w) {
        int h = (int) dh.size(1);
        INDArray i = gate(s.gates, 0, h);
        INDArray f = gate(s.gates, 1, h);
        INDArray o = gate(s.gates, 2, h);
        INDArray g = gate(s.gates, 3, h);
        INDArray dc = dh.mul(o).muli(s.tanhC.mul(s.tanhC).rsubi(1.0)).addi(dcNext);
        INDArray dz = Nd4j.hstack(
                dc.mul(g).muli(i).muli(i.rsub(1.0)),
                dc.mul(s.cPrev).muli(f).muli(f.rsub(1.0)),
                dh.mul(s.tanhC).muli(o).muli(o.rsub(1.0)),
                dc.mul(i).muli(g.mul(g).rsubi(1.0)));
        return new Backward(dz, dz.mmul(w.transpose()), dc.mul(f));
    }

    private static INDArray gate(INDArray z, int k, int h) {
        return z.get(all(), interval(k * h, (k + 1) * h));
    }
}
