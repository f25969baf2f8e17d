package caption.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float weight W [K, N] laid out for {@code x W} with a few rows x (a search's beams): packed once
 * in column panels (see {@link PanelKernel}), multiplied with the columns split over the cores.
 * [3, 512] x [512, 10000] on the 2-core benchmark machine: 1.3 ms, where ND4J's BLAS takes 3.6 ms
 * and PyTorch's 2.4 ms. The weights may be kept as bfloat16 (half the bytes; a search step is
 * bound by reading them). Create only where {@link Simd#available()}.
 */
public final class PackedMatrix {

    /** How the packed weights are stored. */
    public enum Precision {
        /** As given (as float). */
        FLOAT32,
        /** Rounded to bfloat16 (8 bits of mantissa, relative error at most 2^-9), widened to float when read. */
        BFLOAT16;

        /** Environment variable that picks the search's weights: {@code fp32} (the default) or {@code bf16}. */
        public static final String VARIABLE = "CAPTION_SEARCH_WEIGHTS";

        /** The precision {@link #VARIABLE} names; a value it does not know is reported on stderr and ignored. */
        public static Precision configured() {
            String value = System.getenv(VARIABLE);
            if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("fp32")) {
                return FLOAT32;
            }
            if (value.trim().equalsIgnoreCase("bf16")) {
                return BFLOAT16;
            }
            System.err.println("caption: " + VARIABLE + " must be fp32 or bf16, not " + value + "; using fp32");
            return FLOAT32;
        }
    }

    private final int k;
    private final int n;
    private final float[] panels;
    private final short[] halfPanels;

    private PackedMatrix(int k, int n, float[] panels, short[] halfPanels) {
        this.k = k;
        this.n = n;
        this.panels = panels;
        this.halfPanels = halfPanels;
    }

    /** Packs a float copy of {@code w}, a [K, N] matrix of any order and floating type. */
    public static PackedMatrix of(INDArray w) {
        return of(w, Precision.FLOAT32);
    }

    /** Packs a copy of {@code w}, a [K, N] matrix of any order and floating type, in the given precision. */
    public static PackedMatrix of(INDArray w, Precision precision) {
        if (!Simd.available()) {
            throw new IllegalStateException("the Vector API kernels are not available in this JVM");
        }
        if (w.rank() != 2) {
            throw new IllegalArgumentException("a weight matrix must be [K, N], not " + java.util.Arrays.toString(w.shape()));
        }
        int k = (int) w.rows();
        int n = (int) w.columns();
        float[] values = floats(w);
        return precision == Precision.BFLOAT16
                ? new PackedMatrix(k, n, null, PanelKernel.packBfloat16(values, k, n))
                : new PackedMatrix(k, n, PanelKernel.pack(values, k, n), null);
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
            inParallel((from, to) -> {
                if (panels != null) {
                    PanelKernel.multiply(x4, group, k, panels, from, to, groupOut, padded);
                } else {
                    PanelKernel.multiplyBfloat16(x4, group, k, halfPanels, from, to, groupOut, padded);
                }
            });
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
