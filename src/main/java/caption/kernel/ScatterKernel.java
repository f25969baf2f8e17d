package caption.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows added into a zero matrix at given row ids (the embedding's gradient), one row at a time:
 * libnd4j's {@code scatter_add} needs its lock to add repeated ids correctly and then runs on one
 * thread element by element (3-4% of a Show-and-Tell training step). Part of {@link CpuNumerics}.
 */
final class ScatterKernel {

    private ScatterKernel() {}


    /** A [rows, width] float matrix of zeros with row k of {@code values} [ids.length, width] added to row ids[k]. */
    static INDArray scatterAdd(long rows, int[] ids, INDArray values) {
        int width = (int) values.size(1);
        INDArray out = Nd4j.zeros(DataType.FLOAT, rows, width);
        FloatBuffer in = NativeFloats.bytes(values).asFloatBuffer();
        FloatBuffer sums = NativeFloats.bytes(out).asFloatBuffer();
        float[] row = new float[width];
        float[] sum = new float[width];
        for (int k = 0; k < ids.length; k++) {
            in.get(k * width, row);
            sums.get(ids[k] * width, sum);
            for (int i = 0; i < width; i++) {
                sum[i] += row[i];
            }
            sums.put(ids[k] * width, sum);
        }
        return out;
    }
}
