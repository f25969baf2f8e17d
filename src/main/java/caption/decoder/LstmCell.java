package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.Numerics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One LSTM step with the four gates in one matmul, {@code z = [x, h] W + b}, gates in the order
 * input, forget, output, cell; and its backward pass, in the process's {@link Numerics}. The
 * attention decoder steps through it; Show and Tell runs whole sequences
 * ({@link Numerics#lstmSequence}).
 */
final class LstmCell {

    /** A step's values kept for the backward pass. */
    record Step(INDArray gates, INDArray cPrev, INDArray c, INDArray tanhC, INDArray h) {}

    /** Gradients of a step: in the pre-activations z, in the input rows W multiplies, and in c_prev. */
    record Backward(INDArray dz, INDArray dxh, INDArray dcPrev) {}

    private LstmCell() {}

    /**
     * A teacher-forced step: the words' share of the gates, {@code inputShare = x W_x + b}, was
     * computed for every step at once by {@link #inputShares}, so a step multiplies only the rest of
     * its input (the previous hidden state, and the attention context) by the remaining rows
     * {@code wRest}.
     */
    static Step forwardTeacherForced(INDArray inputShare, INDArray rest, INDArray cPrev, Numerics.Weight wRest) {
        INDArray z = wRest.times(rest, inputShare);
        Numerics.LstmState s = Numerics.current().lstmForward(z, cPrev);
        return new Step(z, cPrev, s.c(), s.tanhC(), s.h());
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
    static INDArray restRows(INDArray w, long inputs) {
        return w.get(interval(inputs, w.rows()), all());
    }

    /**
     * Backward through step t of packed sequences ({@link PackedSteps}): the gradient in its h is its
     * output's ({@code dOut}, its rows of the output layer's gradient, added to in place) and the
     * next step's ({@code dhNext}, {@code dcNext}, with fewer rows where captions stop after step t);
     * {@code dxh} is the gradient in the part of the input that {@code w}'s rows multiply.
     */
    static Backward backwardPacked(Step s, INDArray dOut, INDArray dhNext, INDArray dcNext, Numerics.Weight w) {
        int n = (int) dOut.rows();
        INDArray dh = dOut.addi(PackedSteps.padRows(dhNext, n));
        Numerics.LstmGradients d = Numerics.current().lstmBackward(s.gates(), s.tanhC(), s.cPrev(), dh,
                PackedSteps.padRows(dcNext, n));
        return new Backward(d.dz(), w.timesTransposed(d.dz()), d.dcPrev());
    }
}
