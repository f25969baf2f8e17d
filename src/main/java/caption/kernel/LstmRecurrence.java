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
 * forget, output, cell. Create only where {@link Simd#available()}.
 */
public final class LstmRecurrence {

    /** What the backward pass needs: activated gates [rows, 4H], and c, tanh(c), h [rows, H]. */
    public record Forward(float[] gates, float[] c, float[] tanhC, float[] h) {}

    /** Gradients in the gates' pre-activations [rows, 4H], and in h0 and c0 [B, H]. */
    public record Backward(float[] dz, float[] dh0, float[] dc0) {}

    private final int[] active;
    private final int[] offsets;
    private final int hidden;

    /** {@code active[t]}: how many captions take part in step t. */
    public LstmRecurrence(int[] active, int hidden) {
        this.active = active.clone();
        this.offsets = new int[active.length + 1];
        for (int t = 0; t < active.length; t++) {
            if (t > 0 && active[t] > active[t - 1]) {
                throw new IllegalArgumentException("captions must be sorted longest first");
            }
            offsets[t + 1] = offsets[t] + active[t];
        }
        this.hidden = hidden;
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
        int h = hidden;
        VectorMath.sigmoid(z, at, at + 3 * h);
        VectorMath.tanh(z, at + 3 * h, at + 4 * h);
        int out = row * h;
        for (int j = 0; j < h; j++) {
            fw.c[out + j] = z[at + h + j] * cPrev[cPrevAt + j] + z[at + j] * z[at + 3 * h + j];
        }
        System.arraycopy(fw.c, out, fw.tanhC, out, h);
        VectorMath.tanh(fw.tanhC, out, out + h);
        for (int j = 0; j < h; j++) {
            fw.h[out + j] = z[at + 2 * h + j] * fw.tanhC[out + j];
        }
        System.arraycopy(z, at, fw.gates, row * 4 * h, 4 * h);
    }

    /**
     * Backward through the cell of packed row {@code row} (caption r of its step): its dz, and the
     * gradient in its c_prev into dcNext's row r. dh is the row's output gradient and dhNext's row r.
     */
    private void cellBackward(Forward fw, int row, float[] dHs, float[] dhNext, float[] dcNext, int r,
            float[] cPrev, int cPrevAt, float[] dz) {
        int h = hidden;
        int g = row * 4 * h;
        int at = row * h;
        for (int j = 0; j < h; j++) {
            float i = fw.gates[g + j];
            float f = fw.gates[g + h + j];
            float o = fw.gates[g + 2 * h + j];
            float cell = fw.gates[g + 3 * h + j];
            float tc = fw.tanhC[at + j];
            float dh = dHs[at + j] + dhNext[r * h + j];
            float dc = dh * o * (1 - tc * tc) + dcNext[r * h + j];
            dz[g + j] = dc * cell * i * (1 - i);
            dz[g + h + j] = dc * cPrev[cPrevAt + j] * f * (1 - f);
            dz[g + 2 * h + j] = dh * tc * o * (1 - o);
            dz[g + 3 * h + j] = dc * i * (1 - cell * cell);
            dcNext[r * h + j] = dc * f;
        }
    }
}
