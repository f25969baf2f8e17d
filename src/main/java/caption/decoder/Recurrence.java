package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;

import caption.kernel.LstmRecurrence;
import caption.kernel.PackedMatrix;
import caption.kernel.Simd;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * The Show-and-Tell LSTM run over all packed steps of a teacher-forced batch ({@link PackedSteps}),
 * and its backward pass: on Java arrays by {@link LstmRecurrence} where the Vector API runs on float
 * weights, else step by step through ND4J ({@link LstmCell}). Both give the same values to float
 * rounding (tested).
 */
abstract class Recurrence {

    /** Gradients in the gates' pre-activations [rows, 4H], and in h0 and c0 [B, H]. */
    record Gradients(INDArray dz, INDArray dh0, INDArray dc0) {}

    /** Every packed row's h, [rows, H]. */
    abstract INDArray hs();

    /** The gradients, from those in every packed row's h. */
    abstract Gradients backward(INDArray dHs);

    /**
     * Runs the LSTM from h0, c0 [B, H] over the words' shares of the gates (x W_x + b, [rows, 4H]);
     * {@code wRest} holds the rows of W that multiply the previous h.
     */
    static Recurrence run(PackedSteps packed, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
        boolean arrays = Simd.available() && wRest.dataType() == DataType.FLOAT;
        return arrays ? new OnArrays(packed, shares, h0, c0, wRest) : new StepByStep(packed, shares, h0, c0, wRest);
    }

    private static final class OnArrays extends Recurrence {
        private final LstmRecurrence lstm;
        private final LstmRecurrence.Forward values;
        private final INDArray hs;
        private final INDArray wRest;
        private final float[] c0;
        private final int batch;

        OnArrays(PackedSteps packed, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
            int[] active = new int[packed.steps()];
            for (int t = 0; t < active.length; t++) {
                active[t] = packed.active(t);
            }
            this.lstm = new LstmRecurrence(active, (int) h0.columns());
            this.wRest = wRest;
            this.c0 = SearchRows.floats(c0);
            this.batch = (int) h0.rows();
            this.values = lstm.forward(SearchRows.floats(shares), SearchRows.floats(h0), this.c0, PackedMatrix.of(wRest));
            this.hs = matrix(values.h(), lstm.rows());
        }

        @Override
        INDArray hs() {
            return hs;
        }

        @Override
        Gradients backward(INDArray dHs) {
            LstmRecurrence.Backward d = lstm.backward(values, SearchRows.floats(dHs), c0, PackedMatrix.ofTransposed(wRest));
            int h = (int) wRest.rows();
            int started = d.dh0().length / h;
            return new Gradients(matrix(d.dz(), lstm.rows()), PackedSteps.padRows(matrix(d.dh0(), started), batch),
                    PackedSteps.padRows(matrix(d.dc0(), started), batch));
        }

        private static INDArray matrix(float[] values, int rows) {
            return Nd4j.create(values, new long[] {rows, values.length / Math.max(1, rows)}, 'c');
        }
    }

    private static final class StepByStep extends Recurrence {
        private final PackedSteps packed;
        private final LstmCell.RecurrentRows wRest;
        private final List<LstmCell.Step> cells;
        private final INDArray hs;
        private final int batch;

        StepByStep(PackedSteps packed, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
            this.packed = packed;
            this.wRest = new LstmCell.RecurrentRows(wRest);
            this.cells = new ArrayList<>(packed.steps());
            this.hs = Nd4j.create(shares.dataType(), packed.rows(), h0.columns());
            this.batch = (int) h0.rows();
            INDArray h = h0;
            INDArray c = c0;
            for (int t = 0; t < packed.steps(); t++) {
                int n = packed.active(t);
                INDArrayIndex rows = packed.rowsOf(t);
                LstmCell.Step cell = LstmCell.forwardTeacherForced(shares.get(rows, all()),
                        PackedSteps.firstRows(h, n), PackedSteps.firstRows(c, n), this.wRest);
                cells.add(cell);
                hs.get(rows, all()).assign(cell.h());
                h = cell.h();
                c = cell.c();
            }
        }

        @Override
        INDArray hs() {
            return hs;
        }

        @Override
        Gradients backward(INDArray dHs) {
            INDArray allDz = Nd4j.create(hs.dataType(), packed.rows(), 4 * hs.columns());
            int last = packed.steps() - 1;
            INDArray dhNext = Nd4j.zeros(hs.dataType(), packed.active(last), hs.columns());
            INDArray dcNext = Nd4j.zeros(hs.dataType(), packed.active(last), hs.columns());
            for (int t = last; t >= 0; t--) {
                INDArrayIndex rows = packed.rowsOf(t);
                LstmCell.Backward back = LstmCell.backwardPacked(cells.get(t), dHs.get(rows, all()), dhNext, dcNext, wRest);
                allDz.get(rows, all()).assign(back.dz());
                dhNext = back.dxh();
                dcNext = back.dcPrev();
            }
            return new Gradients(allDz, PackedSteps.padRows(dhNext, batch), PackedSteps.padRows(dcNext, batch));
        }
    }
}
