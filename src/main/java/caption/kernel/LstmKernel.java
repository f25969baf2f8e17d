package caption.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise part of a teacher-forced LSTM step and of its backward pass on ND4J's host
 * memory, row by row ({@link CellMath}) in one pass: ND4J does each as 5 and 17 separate operations
 * of 30-80 us each, forty times a training step. For arrays {@link NativeFloats#accepts} takes.
 */
final class LstmKernel {

    private LstmKernel() {}

    static Numerics.LstmState activate(INDArray z, INDArray cPrev) {
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
        float[] cPrevRow = new float[h];
        float[] cRow = new float[h];
        float[] tanhRow = new float[h];
        float[] hRow = new float[h];
        for (int r = 0; r < rows; r++) {
            zb.get(r * 4 * h, gates);
            cp.get(r * h, cPrevRow);
            CellMath.forward(gates, 0, cPrevRow, 0, cRow, tanhRow, hRow, 0, h);
            zb.put(r * 4 * h, gates);
            cb.put(r * h, cRow);
            tb.put(r * h, tanhRow);
            hb.put(r * h, hRow);
        }
        return new Numerics.LstmState(c, tanhC, hOut);
    }

    static Numerics.LstmGradients backward(INDArray gates, INDArray tanhC, INDArray cPrev, INDArray dh, INDArray dcNext) {
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
            CellMath.backward(g, 0, tc, 0, cp, 0, dhRow, 0, dcRow, 0, dzRow, 0, h);
            dzb.put(r * 4 * h, dzRow);
            dcPrevb.put(r * h, dcRow);
        }
        return new Numerics.LstmGradients(dz, dcPrev);
    }

    private static INDArray matrix(int rows, int columns) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, columns}, 'c');
    }

    private static FloatBuffer floats(INDArray a) {
        return NativeFloats.bytes(a).asFloatBuffer();
    }
}
