package caption.kernel;

/**
 * A teacher-forced LSTM's recurrence over packed sequences, forward and backward, on Java arrays:
 * per step the previous hidden states times the recurrent rows of W (packed, {@link PackedMatrix})
 * and the cell's element-wise work, with no ND4J operation and no copy between native and Java
 * memory per step (through ND4J each step cost several operations and conversions, ~5 ms for 2 ms of
 * arithmetic). The words' share of the gates, {@code x W_x + b}, comes in computed for all steps.
 *
 * <p>Rows are packed step by step: step t has the rows [offset(t), offset(t) + active(t)), which
 * are the first active(t) captions, active(t) never growing with t. Gates are ordered input,
 * forget, output, cell. Part of {@link CpuNumerics}.
 */
final class LstmRecurrence {

    /** What the backward pass needs: activated gates [rows, 4H], and c, tanh(c), h [rows, H]. */
    public record Forward(float[] gates, float[] c, float[] tanhC, float[] h) {}

    /** Gradients in the gates' pre-activations [rows, 4H], and in h0 and c0 [B, H]. */
    public record Backward(float[] dz, float[] dh0, float[] dc0) {}

    private final int[] active;
    private final int[] offsets;
    private final int hidden;
    /** One row's gradient in h, reused row by row. */
    private final float[] dhRow;

    /** {@code active[t]}: how many captions take part in step t. */
    public LstmRecurrence(int[] active, int hidden) {
        this.active = active.clone();
        this.offsets = Nd4jNumerics.offsets(active);
        this.hidden = hidden;
        this.dhRow = new float[hidden];
    }

    /** Packed rows of all steps. */
    public int rows() {
        return offsets[active.length];
    }

    /**
     * The forward pass from h0 and c0 ([B, H]) with {@code shares} ([rows, 4H]: x W_x + b of each
     * packed row) and the recurrent rows of W packed ([H, 4H]).
     */
    public Forward forward(float[] shares, float[] h0, float[] c0, PackedMatrix w) {
        int h = hidden;
        int stride = w.paddedColumns();
        Forward fw = new Forward(new float[rows() * 4 * h], new float[rows() * h], new float[rows() * h],
                new float[rows() * h]);
        for (int t = 0; t < active.length; t++) {
            int n = active[t];
            int groupRows = PackedMatrix.groupRows(n);
            float[] x = new float[groupRows * h];
            float[] z = new float[groupRows * stride];
            for (int r = 0; r < n; r++) {
                System.arraycopy(t == 0 ? h0 : fw.h, (previousRow(t) + r) * h, x, r * h, h);
                System.arraycopy(shares, (offsets[t] + r) * 4 * h, z, r * stride, 4 * h);
            }
            w.multiplyAdd(x, groupRows, z);
            for (int r = 0; r < n; r++) {
                activate(fw, z, r * stride, offsets[t] + r, t == 0 ? c0 : fw.c, (previousRow(t) + r) * h);
            }
        }
        return fw;
    }

    /**
     * The backward pass from the gradient in every packed row's h ({@code dHs}, [rows, H]) with the
     * recurrent rows of W packed transposed ([4H, H]).
     */
    public Backward backward(Forward fw, float[] dHs, float[] c0, PackedMatrix wTransposed) {
        int h = hidden;
        int b = active.length == 0 ? 0 : active[0];
        float[] dz = new float[rows() * 4 * h];
        // the gradients from step t + 1 in the h and c of step t's captions; zero for those that stop at t
        float[] dhNext = new float[b * h];
        float[] dcNext = new float[b * h];
        int stride = wTransposed.paddedColumns();
        for (int t = active.length - 1; t >= 0; t--) {
            int n = active[t];
            int groupRows = PackedMatrix.groupRows(n);
            for (int r = 0; r < n; r++) {
                cellBackward(fw, offsets[t] + r, dHs, dhNext, dcNext, r, t == 0 ? c0 : fw.c,
                        (previousRow(t) + r) * h, dz);
            }
            float[] dzOfStep = new float[groupRows * 4 * h];
            System.arraycopy(dz, offsets[t] * 4 * h, dzOfStep, 0, n * 4 * h);
            float[] dhPrev = new float[groupRows * stride];
            wTransposed.multiplyAdd(dzOfStep, groupRows, dhPrev);
            for (int r = 0; r < n; r++) {
                System.arraycopy(dhPrev, r * stride, dhNext, r * h, h);
            }
        }
        return new Backward(dz, dhNext, dcNext);
    }

    /** The row where step t's first caption had its state before the step: of h0 at step 0, else of the packed rows. */
    private int previousRow(int t) {
        return t == 0 ? 0 : offsets[t - 1];
    }

    /** Activates pre-activations z[at..] of packed row {@code row} and writes its values to fw. */
    private void activate(Forward fw, float[] z, int at, int row, float[] cPrev, int cPrevAt) {
        CellMath.forward(z, at, cPrev, cPrevAt, fw.c, fw.tanhC, fw.h, row * hidden, hidden);
        System.arraycopy(z, at, fw.gates, row * 4 * hidden, 4 * hidden);
    }

    /**
     * Backward through the cell of packed row {@code row} (caption r of its step): its dz, and the
     * gradient in its c_prev into dcNext's row r. dh is the row's output gradient plus dhNext's row r.
     */
    private void cellBackward(Forward fw, int row, float[] dHs, float[] dhNext, float[] dcNext, int r,
            float[] cPrev, int cPrevAt, float[] dz) {
        int h = hidden;
        for (int j = 0; j < h; j++) {
            dhRow[j] = dHs[row * h + j] + dhNext[r * h + j];
        }
        CellMath.backward(fw.gates, row * 4 * h, fw.tanhC, row * h, cPrev, cPrevAt, dhRow, 0, dcNext, r * h, dz, row * 4 * h, h);
    }
}
