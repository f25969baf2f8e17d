package caption.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float weight W [K, N] laid out for {@code x W} with a few rows x (a search's beams): packed once
 * in column panels (see {@link PanelKernel}), multiplied with the columns split over the cores.
 * [3, 512] x [512, 10000] on the 2-core benchmark machine: 1.3 ms, where ND4J's BLAS takes 3.6 ms
 * and PyTorch's 2.4 ms. Create only where {@link Simd#available()}.
 */
public final class PackedMatrix {

    private final int k;
    private final int n;
    private final float[] panels;

    private PackedMatrix(int k, int n, float[] panels) {
        this.k = k;
        this.n = n;
        this.panels = panels;
    }

    /** Packs a float copy of {@code w}, a [K, N] matrix of any order and floating type. */
    public static PackedMatrix of(INDArray w) {
        if (!Simd.available()) {
            throw new IllegalStateException("the Vector API kernels are not available in this JVM");
        }
        if (w.rank() != 2) {
            throw new IllegalArgumentException("a weight matrix must be [K, N], not " + java.util.Arrays.toString(w.shape()));
        }
        int k = (int) w.rows();
        int n = (int) w.columns();
        return new PackedMatrix(k, n, PanelKernel.pack(floats(w), k, n));
    }

    public int rows() {
        return k;
    }

    public int columns() {
        return n;
    }

    /** {@code x W} as a row-major float [rows, N] array; x is [rows, K]. */
    public INDArray leftMultiply(INDArray x) {
        if (x.rank() != 2 || x.columns() != k) {
            throw new IllegalArgumentException("x must be [rows, " + k + "], not " + java.util.Arrays.toString(x.shape()));
        }
        int rows = (int) x.rows();
        return Nd4j.create(leftMultiply(floats(x), rows), new long[] {rows, n}, 'c');
    }

    /** {@code x W} for x given as rows * K floats, row by row; returns rows * N floats. */
    public float[] leftMultiply(float[] x, int rows) {
        int padded = PanelKernel.panels(n) * PanelKernel.WIDTH;
        float[] out = new float[rows * padded];
        for (int first = 0; first < rows; first += PanelKernel.ROWS) {
            int group = Math.min(PanelKernel.ROWS, rows - first);
            float[] x4 = new float[PanelKernel.ROWS * k];
            System.arraycopy(x, first * k, x4, 0, group * k);
            int offset = first * padded;
            float[] groupOut = rows <= PanelKernel.ROWS ? out : new float[group * padded];
            inParallel((from, to) -> PanelKernel.multiply(x4, group, k, panels, from, to, groupOut, padded));
            if (groupOut != out) {
                System.arraycopy(groupOut, 0, out, offset, group * padded);
            }
        }
        return padded == n ? out : unpad(out, rows, padded);
    }

    private interface PanelRange {
        void run(int from, int to);
    }

    /** Splits the panels into one contiguous range per core. */
    private void inParallel(PanelRange work) {
        int panelCount = PanelKernel.panels(n);
        int parts = Math.min(CoreSplit.CORES, panelCount);
        CoreSplit.run(parts, i -> work.run(panelCount * i / parts, panelCount * (i + 1) / parts));
    }

    private float[] unpad(float[] out, int rows, int padded) {
        float[] exact = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out, r * padded, exact, r * n, n);
        }
        return exact;
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
