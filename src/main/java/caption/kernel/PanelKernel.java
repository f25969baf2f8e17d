package caption.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code out = x W} for up to four rows x, with W [K, N] packed in panels of 16 columns
 * ({@code panels[(p * K + k) * 16 + j] = W[k][16 p + j]}, zero-padded), so that the weights stream
 * through once, in order, while eight 256-bit accumulators (four rows by two vectors) stay in
 * registers. A decoding step reads each weight once for all beams; its speed is the memory's.
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

    static int panels(int n) {
        return (n + WIDTH - 1) / WIDTH;
    }

    /**
     * Panels [from, to) of the product of rows x4 ([4][k], rows beyond {@code rows} zero) and the
     * packed weight; writes rows [0, rows) of out, whose rows are {@code stride} floats apart.
     */
    static void multiply(float[] x4, int rows, int k, float[] packed, int from, int to, float[] out, int stride) {
        for (int p = from; p < to; p++) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
            int at = p * k * WIDTH;
            for (int i = 0; i < k; i++, at += WIDTH) {
                FloatVector w0 = FloatVector.fromArray(F, packed, at);
                FloatVector w1 = FloatVector.fromArray(F, packed, at + LANES);
                FloatVector s = FloatVector.broadcast(F, x4[i]);
                a0 = w0.fma(s, a0);
                a1 = w1.fma(s, a1);
                s = FloatVector.broadcast(F, x4[k + i]);
                b0 = w0.fma(s, b0);
                b1 = w1.fma(s, b1);
                s = FloatVector.broadcast(F, x4[2 * k + i]);
                c0 = w0.fma(s, c0);
                c1 = w1.fma(s, c1);
                s = FloatVector.broadcast(F, x4[3 * k + i]);
                d0 = w0.fma(s, d0);
                d1 = w1.fma(s, d1);
            }
            int column = p * WIDTH;
            store(a0, a1, out, column);
            if (rows > 1) {
                store(b0, b1, out, stride + column);
            }
            if (rows > 2) {
                store(c0, c1, out, 2 * stride + column);
            }
            if (rows > 3) {
                store(d0, d1, out, 3 * stride + column);
            }
        }
    }

    private static void store(FloatVector low, FloatVector high, float[] out, int at) {
        low.intoArray(out, at);
        high.intoArray(out, at + LANES);
    }
}
