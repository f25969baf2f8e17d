package caption.kernel;

/**
 * The LSTM cell's element-wise work on one row, forward and backward: the CPU implementation's only
 * copy of it, used by training step by step ({@link LstmKernel}), over whole sequences
 * ({@link LstmRecurrence}) and by the search ({@link CpuNumerics#lstmRows}). Gates are ordered
 * input, forget, output, cell.
 */
final class CellMath {

    private CellMath() {}

    /**
     * Activates the pre-activations z[zAt, zAt + 4H) in place and writes c = f c_prev + i g,
     * tanh(c) and h = o tanh(c) at [at, at + H) of c, tanhC and h.
     */
    static void forward(float[] z, int zAt, float[] cPrev, int cPrevAt, float[] c, float[] tanhC, float[] h, int at,
            int hidden) {
        VectorMath.sigmoid(z, zAt, zAt + 3 * hidden);
        VectorMath.tanh(z, zAt + 3 * hidden, zAt + 4 * hidden);
        for (int j = 0; j < hidden; j++) {
            c[at + j] = z[zAt + hidden + j] * cPrev[cPrevAt + j] + z[zAt + j] * z[zAt + 3 * hidden + j];
        }
        System.arraycopy(c, at, tanhC, at, hidden);
        VectorMath.tanh(tanhC, at, at + hidden);
        for (int j = 0; j < hidden; j++) {
            h[at + j] = z[zAt + 2 * hidden + j] * tanhC[at + j];
        }
    }

    /**
     * Backward through one row from the gradients in its h (dh[dhAt..]) and in its c from the next
     * step (dcNext[dcAt..]): writes dz[dzAt, dzAt + 4H) and dc_prev = dc f over dcNext's row.
     */
    static void backward(float[] gates, int gAt, float[] tanhC, int tAt, float[] cPrev, int cPrevAt,
            float[] dh, int dhAt, float[] dcNext, int dcAt, float[] dz, int dzAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float i = gates[gAt + j];
            float f = gates[gAt + hidden + j];
            float o = gates[gAt + 2 * hidden + j];
            float cell = gates[gAt + 3 * hidden + j];
            float tc = tanhC[tAt + j];
            float dhj = dh[dhAt + j];
            float dc = dhj * o * (1 - tc * tc) + dcNext[dcAt + j];
            dz[dzAt + j] = dc * cell * i * (1 - i);
            dz[dzAt + hidden + j] = dc * cPrev[cPrevAt + j] * f * (1 - f);
            dz[dzAt + 2 * hidden + j] = dhj * tc * o * (1 - o);
            dz[dzAt + 3 * hidden + j] = dc * i * (1 - cell * cell);
            dcNext[dcAt + j] = dc * f;
        }
    }
}
