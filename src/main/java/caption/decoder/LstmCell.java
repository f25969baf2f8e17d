package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.LstmKernel;
import caption.kernel.PackedMatrix;
import caption.kernel.Simd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One LSTM step with the four gates in one matmul, {@code z = [x, h] W + b}, gates in the order
 * input, forget, output, cell; and its backward pass. Both decoders use it.
 */
final class LstmCell {

    /** A step's values kept for the backward pass. */
    record Step(INDArray gates, INDArray cPrev, INDArray c, INDArray tanhC, INDArray h) {}

    /** Gradients of a step: in the pre-activations z, in the input rows W multiplies, and in c_prev. */
    record Backward(INDArray dz, INDArray dxh, INDArray dcPrev) {}

    private LstmCell() {}

    /**
     * The rows of W that multiply a step's recurrent input (the previous hidden state, and the
     * attention context), with the products a teacher-forced pass makes with them twenty times: by
     * the packed Vector API kernel where it runs on float weights (a batch of 32 times [512, 2048]
     * in ~1 ms against ND4J's 1.6-3.5), packed on first use; otherwise through ND4J.
     */
    static final class RecurrentRows {
        private final INDArray w;
        private final boolean packs;
        private PackedMatrix packed;
        private PackedMatrix packedTransposed;

        RecurrentRows(INDArray w) {
            this.w = w;
            this.packs = Simd.available() && w.dataType() == DataType.FLOAT;
        }

        /** {@code x W + addend}. */
        INDArray times(INDArray x, INDArray addend) {
            if (!packs) {
                return DecoderMath.product(x, w).addi(addend);
            }
            if (packed == null) {
                packed = PackedMatrix.of(w);
            }
            return packed.leftMultiply(x, addend);
        }

        /** {@code dz W^T}. */
        INDArray timesTransposed(INDArray dz) {
            if (!packs) {
                return DecoderMath.product(dz, w.transpose());
            }
            if (packedTransposed == null) {
                packedTransposed = PackedMatrix.ofTransposed(w);
            }
            return packedTransposed.leftMultiply(dz);
        }
    }

    /**
     * A teacher-forced step: the words' share of the gates, {@code inputShare = x W_x + b}, was
     * computed for every step at once by {@link #inputShares}, so a step multiplies only the rest of
     * its input (the previous hidden state, and the attention context) by the remaining rows
     * {@code wRest}: half the rows of W per step for Show and Tell, in one large product instead of
     * twenty small ones.
     */
    static Step forwardTeacherForced(INDArray inputShare, INDArray rest, INDArray cPrev, RecurrentRows wRest) {
        return activate(wRest.times(rest, inputShare), cPrev);
    }

    /** {@code x W_x + b} for the inputs of all steps, stacked as rows; W_x is W's first x.columns rows. */
    static INDArray inputShares(INDArray allX, INDArray w, INDArray b) {
        return DecoderMath.product(allX, inputRows(w, allX.columns())).addiRowVector(b);
    }

    /** The rows of W that multiply the first {@code inputs} columns of a step's input. */
    static INDArray inputRows(INDArray w, long inputs) {
        return w.get(interval(0, inputs), all());
    }

    /** The rows of W after the first {@code inputs}: those of the recurrent part of the input. */
    static RecurrentRows restRows(INDArray w, long inputs) {
        return new RecurrentRows(w.get(interval(inputs, w.rows()), all()));
    }

    private static Step activate(INDArray z, INDArray cPrev) {
        if (LstmKernel.accepts(z, cPrev)) {
            LstmKernel.State s = LstmKernel.activate(z, cPrev);
            return new Step(z, cPrev, s.c(), s.tanhC(), s.h());
        }
        int h = (int) cPrev.size(1);
        Transforms.sigmoid(z.get(all(), interval(0, 3 * h)), false);
        Transforms.tanh(z.get(all(), interval(3 * h, 4 * h)), false);
        INDArray c = gate(z, 1, h).mul(cPrev).addi(gate(z, 0, h).mul(gate(z, 3, h)));
        INDArray tanhC = Transforms.tanh(c, true);
        return new Step(z, cPrev, c, tanhC, gate(z, 2, h).mul(tanhC));
    }

    /**
     * Backward through step t of packed sequences ({@link PackedSteps}): the gradient in its h is its
     * output's ({@code dOut}, its rows of the output layer's gradient, added to in place) and the
     * next step's ({@code dhNext}, {@code dcNext}, with fewer rows where captions stop after step t).
     */
    static Backward backwardPacked(Step s, INDArray dOut, INDArray dhNext, INDArray dcNext, RecurrentRows w) {
        int n = (int) dOut.rows();
        return backward(s, dOut.addi(PackedSteps.padRows(dhNext, n)), PackedSteps.padRows(dcNext, n), w);
    }

    /**
     * Backward through a step, given the gradients in its h and c; {@code dxh} is the gradient in
     * the part of the input that {@code w}'s rows multiply (all of it, or the rest after a
     * precomputed input share).
     */
    static Backward backward(Step s, INDArray dh, INDArray dcNext, RecurrentRows w) {
        if (LstmKernel.accepts(s.gates, s.tanhC, s.cPrev, dh, dcNext)) {
            LstmKernel.Gradients d = LstmKernel.backward(s.gates, s.tanhC, s.cPrev, dh, dcNext);
            return new Backward(d.dz(), w.timesTransposed(d.dz()), d.dcPrev());
        }
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
        return new Backward(dz, w.timesTransposed(dz), dc.mul(f));
    }

    private static INDArray gate(INDArray z, int k, int h) {
        return z.get(all(), interval(k * h, (k + 1) * h));
    }
}
