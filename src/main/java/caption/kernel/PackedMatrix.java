package caption.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float weight W [K, N] laid out for {@code x W} with a few rows x: a search's beams, or a
 * training batch at one LSTM step. Packed in column panels (see {@link PanelKernel}), multiplied
 * with the columns split over the cores. On the 2-core benchmark machine [3, 512] x [512, 10000]
 * takes 1.3 ms (ND4J's BLAS 3.6 ms, PyTorch's 2.4 ms), [32, 512] x [512, 2048] 0.8-1.3 ms when the weight is in cache (ND4J 1.6-2.2).
 * Part of {@link CpuNumerics}: create only where the Vector API runs.
 */
public final class PackedMatrix {

    /** Panels a core takes at a time: small, so that a core slowed by other work holds little back. */
    private static final int CHUNK_PANELS = 2;

    private final int k;
    private final int n;
    private final float[] panels;

    private PackedMatrix(int k, int n, float[] panels) {
        this.k = k;
        this.n = n;
        this.panels = panels;
    }

    /** Packs {@code w} transposed, for products {@code dz w^T} (a backward pass through x w). */
    public static PackedMatrix ofTransposed(INDArray w) {
        requireMatrix(w);
        int rows = (int) w.rows();
        int columns = (int) w.columns();
        return new PackedMatrix(columns, rows, PanelKernel.packTransposed(floats(w), rows, columns));
    }

    /** Packs a float copy of {@code w}, a [K, N] matrix of any order and floating type. */
    public static PackedMatrix of(INDArray w) {
        requireMatrix(w);
        int k = (int) w.rows();
        int n = (int) w.columns();
        return new PackedMatrix(k, n, PanelKernel.pack(floats(w), k, n));
    }

    private static void requireMatrix(INDArray w) {
        if (!Simd.available()) {
            throw new IllegalStateException("the Vector API kernels are not available in this JVM");
        }
        if (w.rank() != 2) {
            throw new IllegalArgumentException("a weight matrix must be [K, N], not " + java.util.Arrays.toString(w.shape()));
        }
    }

    public int rows() {
        return k;
    }

    public int columns() {
        return n;
    }

    /** {@code x W} as a row-major float [rows, N] array; x is [rows, K]. */
    public INDArray leftMultiply(INDArray x) {
        return leftMultiply(x, null);
    }

    /** {@code x W + addend} as a row-major float [rows, N] array; x is [rows, K], addend [rows, N] or null. */
    public INDArray leftMultiply(INDArray x, INDArray addend) {
        if (x.rank() != 2 || x.columns() != k) {
            throw new IllegalArgumentException("x must be [rows, " + k + "], not " + java.util.Arrays.toString(x.shape()));
        }
        int rows = (int) x.rows();
        if (addend != null && (addend.rank() != 2 || addend.rows() != rows || addend.columns() != n)) {
            throw new IllegalArgumentException("the addend must be [" + rows + ", " + n + "], not "
                    + java.util.Arrays.toString(addend.shape()));
        }
        float[] sum = product(floats(x), rows, addend == null ? null : floats(addend));
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, n}, 'c');
        NativeFloats.bytes(result).asFloatBuffer().put(sum); // Nd4j.create(float[]) copied 4x slower
        return result;
    }

    /** {@code x W} for x given as rows * K floats, row by row; returns rows * N floats. */
    public float[] leftMultiply(float[] x, int rows) {
        return product(x, rows, null);
    }

    /**
     * {@code start + x W[from, to)} for x given as rows * (to - from) floats, start as rows * N
     * (null for zeros); returns rows * N floats. Continuing a product of W's rows [0, from) this way
     * gives the whole product to the bit ({@link PanelKernel#multiplyAdd}).
     */
    public float[] leftMultiply(float[] x, int rows, int from, int to, float[] start) {
        if (from < 0 || to > k || from >= to || x.length != rows * (to - from)) {
            throw new IllegalArgumentException("x must be [" + rows + ", " + (to - from) + "] for rows [" + from + ", "
                    + to + ") of a weight of " + k);
        }
        if (start != null && start.length != rows * n) {
            throw new IllegalArgumentException("the start must be [" + rows + ", " + n + "], not " + start.length + " floats");
        }
        return product(x, rows, from, to, start);
    }

    private float[] product(float[] x, int rows, float[] addend) {
        return product(x, rows, 0, k, addend);
    }

    private float[] product(float[] x, int rows, int from, int to, float[] addend) {
        int padded = paddedColumns();
        int groupRows = groupRows(rows);
        int width = to - from;
        float[] xs = x.length == groupRows * width ? x : java.util.Arrays.copyOf(x, groupRows * width);
        float[] out = new float[groupRows * padded];
        if (addend != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(addend, r * n, out, r * padded, n);
            }
        }
        inParallel((first, last) -> PanelKernel.multiplyAdd(xs, groupRows, k, from, to, panels, first, last, out, padded));
        return padded == n && groupRows == rows ? out : unpad(out, rows, padded);
    }

    /** Rows rounded up to whole groups of the kernel's four. */
    static int groupRows(int rows) {
        return (rows + PanelKernel.ROWS - 1) / PanelKernel.ROWS * PanelKernel.ROWS;
    }

    /** N rounded up to whole panels: the row stride of {@link #multiplyAdd}'s out. */
    int paddedColumns() {
        return PanelKernel.panels(n) * PanelKernel.WIDTH;
    }

    /** {@code out += x W} for {@code groupRows} rows x ([groupRows][K]) and out ([groupRows][paddedColumns()]). */
    void multiplyAdd(float[] x, int groupRows, float[] out) {
        int padded = paddedColumns();
        inParallel((from, to) -> PanelKernel.multiplyAdd(x, groupRows, k, panels, from, to, out, padded));
    }

    private interface PanelRange {
        void run(int from, int to);
    }

    /** Splits the panels into small contiguous ranges, which the cores take as they finish one. */
    private void inParallel(PanelRange work) {
        int panelCount = PanelKernel.panels(n);
        int chunks = (panelCount + CHUNK_PANELS - 1) / CHUNK_PANELS;
        CoreSplit.runChunks(chunks, c -> work.run(c * CHUNK_PANELS, Math.min(panelCount, (c + 1) * CHUNK_PANELS)));
    }

    private float[] unpad(float[] out, int rows, int padded) {
        float[] exact = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out, r * padded, exact, r * n, n);
        }
        return exact;
    }

    static float[] floats(INDArray a) {
        if (NativeFloats.accepts(a)) {
            float[] values = new float[(int) a.length()];
            NativeFloats.bytes(a).asFloatBuffer().get(values);
            return values;
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
