package caption.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code out += x W} for rows x in groups of four, with W [K, N] packed in panels of 16 columns
 * ({@code panels[(p * K + k) * 16 + j] = W[k][16 p + j]}, zero-padded), so that a panel streams
 * through in order while eight 256-bit accumulators (four rows by two vectors) stay in registers.
 * A search step (one group: its beams) reads each weight once; its speed is the memory's.
 * Only {@link Simd} and {@link PackedMatrix} touch this class, after checking {@link Simd#available()}.
 */
final class PanelKernel {

    static final int WIDTH = 16;
    static final int ROWS = 4;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    private PanelKernel() {}

    static boolean supported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= F.vectorBitSize();
    }

    static float[] pack(float[] w, int k, int n) {
        int panels = panels(n);
        float[] packed = new float[panels * k * WIDTH];
        for (int p = 0; p < panels; p++) {
            int width = Math.min(WIDTH, n - p * WIDTH);
            for (int row = 0; row < k; row++) {
                System.arraycopy(w, row * n + p * WIDTH, packed, (p * k + row) * WIDTH, width);
            }
        }
        return packed;
    }

    /** Packs the transpose of w [rows, cols] (row-major), that is a [cols, rows] weight, without forming it. */
    static float[] packTransposed(float[] w, int rows, int cols) {
        float[] packed = new float[panels(rows) * cols * WIDTH];
        for (int row = 0; row < rows; row++) {
            int from = row * cols;
            int to = (row / WIDTH) * cols * WIDTH + row % WIDTH;
            for (int i = 0; i < cols; i++, to += WIDTH) {
                packed[to] = w[from + i];
            }
        }
        return packed;
    }

    static int panels(int n) {
        return (n + WIDTH - 1) / WIDTH;
    }

    /**
     * Panels [from, to) of {@code out += x W} for {@code rows} rows x (a multiple of four; [rows][k])
     * and out ([rows][stride]). Each panel is multiplied by every group of four rows in turn, so it
     * (16 K floats) is read from memory once and then from cache: [32, 512] x [512, 2048] runs at
     * up to ~65 GFLOP/s on one core here (ND4J's BLAS: ~30), where reading the whole weight once per
     * group was bound by the L3 cache. Inside a training step, where the weight comes from memory
     * each time, ~30 GFLOP/s.
     */
    static void multiplyAdd(float[] x, int rows, int k, float[] packed, int from, int to, float[] out, int stride) {
        multiplyAdd(x, rows, k, 0, k, packed, from, to, out, stride);
    }

    /**
     * The same over W's rows [kFrom, kTo) only, x being [rows][kTo - kFrom]: each output adds the
     * same products in the same order as the whole product's loop does over those rows, so a sum
     * over [0, j) continued by one over [j, K) is the whole product to the bit.
     */
    static void multiplyAdd(float[] x, int rows, int k, int kFrom, int kTo, float[] packed, int from, int to,
            float[] out, int stride) {
        // one method with the group's loop inside: as a separate method (too large to inline) the
        // same loop was slower in a micro-benchmark (1.7-2.5 ms against 1.1-1.8 for [32, 512] x [512, 2048])
        int width = kTo - kFrom;
        for (int p = from; p < to; p++) {
            int panel = (p * k + kFrom) * WIDTH;
            for (int first = 0; first < rows; first += ROWS) {
                int o0 = first * stride + p * WIDTH;
                int o1 = o0 + stride;
                int o2 = o1 + stride;
                int o3 = o2 + stride;
                FloatVector a0 = FloatVector.fromArray(F, out, o0), a1 = FloatVector.fromArray(F, out, o0 + LANES);
                FloatVector b0 = FloatVector.fromArray(F, out, o1), b1 = FloatVector.fromArray(F, out, o1 + LANES);
                FloatVector c0 = FloatVector.fromArray(F, out, o2), c1 = FloatVector.fromArray(F, out, o2 + LANES);
                FloatVector d0 = FloatVector.fromArray(F, out, o3), d1 = FloatVector.fromArray(F, out, o3 + LANES);
                int x0 = first * width;
                int x1 = x0 + width;
                int x2 = x1 + width;
                int x3 = x2 + width;
                int at = panel;
                for (int i = 0; i < width; i++, at += WIDTH) {
                    FloatVector w0 = FloatVector.fromArray(F, packed, at);
                    FloatVector w1 = FloatVector.fromArray(F, packed, at + LANES);
                    FloatVector s = FloatVector.broadcast(F, x[x0 + i]);
                    a0 = w0.fma(s, a0);
                    a1 = w1.fma(s, a1);
                    s = FloatVector.broadcast(F, x[x1 + i]);
                    b0 = w0.fma(s, b0);
                    b1 = w1.fma(s, b1);
                    s = FloatVector.broadcast(F, x[x2 + i]);
                    c0 = w0.fma(s, c0);
                    c1 = w1.fma(s, c1);
                    s = FloatVector.broadcast(F, x[x3 + i]);
                    d0 = w0.fma(s, d0);
                    d1 = w1.fma(s, d1);
                }
                store(a0, a1, out, o0);
                store(b0, b1, out, o1);
                store(c0, c1, out, o2);
                store(d0, d1, out, o3);
            }
        }
    }

    private static void store(FloatVector low, FloatVector high, float[] out, int at) {
        low.intoArray(out, at);
        high.intoArray(out, at + LANES);
    }
}
