package caption.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise part of a teacher-forced LSTM step and of its backward pass, row by row in one
 * pass: ND4J does each as 5 and 17 separate operations of 30-80 us each, forty times a training
 * step. Gates in {@code z} are ordered input, forget, output, cell (as the decoders' LSTM cell
 * orders them). Use on arrays {@link #accepts} takes.
 */
public final class LstmKernel {

    private LstmKernel() {}

    /** The LSTM state after a step: c, tanh(c) and h, [B, H] each. */
    public record State(INDArray c, INDArray tanhC, INDArray h) {}

    /** The gradients of a step: in its gates' pre-activations [B, 4H] and in the previous c [B, H]. */
    public record Gradients(INDArray dz, INDArray dcPrev) {}

    public static boolean accepts(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!NativeFloats.accepts(a)) {
                return false;
            }
        }
        return true;
    }

    /** Activates pre-activations z [B, 4H] in place and returns c = f c_prev + i g, tanh(c), h = o tanh(c). */
    public static State activate(INDArray z, INDArray cPrev) {
        int rows = (int) cPrev.size(0);
        int h = (int) cPrev.size(1);
        INDArray c = matrix(rows, h);
        INDArray tanhC = matrix(rows, h);
        INDArray hOut = matrix(rows, h);
        FloatBuffer zb = floats(z);
        FloatBuffer cp = floats(cPrev);
        FloatBuffer cb = floats(c);
        FloatBuffer tb = floats(tanhC);
        FloatBuffer hb = floats(hOut);
        float[] gates = new float[4 * h];
        float[] cRow = new float[h];
        float[] cPrevRow = new float[h];
        float[] tanhRow = new float[h];
        float[] hRow = new float[h];
        for (int r = 0; r < rows; r++) {
            zb.get(r * 4 * h, gates);
            cp.get(r * h, cPrevRow);
            VectorMath.sigmoid(gates, 0, 3 * h);
            VectorMath.tanh(gates, 3 * h, 4 * h);
            for (int j = 0; j < h; j++) {
                cRow[j] = gates[h + j] * cPrevRow[j] + gates[j] * gates[3 * h + j];
            }
            System.arraycopy(cRow, 0, tanhRow, 0, h);
            VectorMath.tanh(tanhRow, 0, h);
            for (int j = 0; j < h; j++) {
                hRow[j] = gates[2 * h + j] * tanhRow[j];
            }
            zb.put(r * 4 * h, gates);
            cb.put(r * h, cRow);
            tb.put(r * h, tanhRow);
            hb.put(r * h, hRow);
        }
        return new State(c, tanhC, hOut);
    }

    /**
     * Backward through the element-wise part of a step from the gradients in its h and c:
     * {@code dc = dh o (1 - tanh(c)^2) + dcNext}, the gates' gradients through their sigmoid and
     * tanh, and {@code dcPrev = dc f}.
     */
    public static Gradients backward(INDArray gates, INDArray tanhC, INDArray cPrev, INDArray dh, INDArray dcNext) {
        int rows = (int) dh.size(0);
        int h = (int) dh.size(1);
        INDArray dz = matrix(rows, 4 * h);
        INDArray dcPrev = matrix(rows, h);
        float[] g = new float[4 * h];
        float[] tc = new float[h];
        float[] cp = new float[h];
        float[] dhRow = new float[h];
        float[] dcRow = new float[h];
        float[] dzRow = new float[4 * h];
        float[] dcPrevRow = new float[h];
        FloatBuffer gb = floats(gates);
        FloatBuffer tb = floats(tanhC);
        FloatBuffer cb = floats(cPrev);
        FloatBuffer dhb = floats(dh);
        FloatBuffer dcb = floats(dcNext);
        FloatBuffer dzb = floats(dz);
        FloatBuffer dcPrevb = floats(dcPrev);
        for (int r = 0; r < rows; r++) {
            gb.get(r * 4 * h, g);
            tb.get(r * h, tc);
            cb.get(r * h, cp);
            dhb.get(r * h, dhRow);
            dcb.get(r * h, dcRow);
            for (int j = 0; j < h; j++) {
                float i = g[j];
                float f = g[h + j];
                float o = g[2 * h + j];
                float cell = g[3 * h + j];
                float dc = dhRow[j] * o * (1 - tc[j] * tc[j]) + dcRow[j];
                dzRow[j] = dc * cell * i * (1 - i);
                dzRow[h + j] = dc * cp[j] * f * (1 - f);
                dzRow[2 * h + j] = dhRow[j] * tc[j] * o * (1 - o);
                dzRow[3 * h + j] = dc * i * (1 - cell * cell);
                dcPrevRow[j] = dc * f;
            }
            dzb.put(r * 4 * h, dzRow);
            dcPrevb.put(r * h, dcPrevRow);
        }
        return new Gradients(dz, dcPrev);
    }

    private static INDArray matrix(int rows, int columns) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, columns}, 'c');
    }

    private static FloatBuffer floats(INDArray a) {
        return NativeFloats.bytes(a).asFloatBuffer();
    }
}
