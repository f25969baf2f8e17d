package caption.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax cross-entropy over the rows of a logits array, in place and row by row: each row becomes
 * the gradient of the mean loss in its logits, {@code (softmax - onehot(target)) / rows}. ND4J does
 * this as six passes over [rows, 10,000] (max, subtract, exp, sum, scale, the targets one value at a
 * time). Part of {@link CpuNumerics}.
 */
final class SoftmaxKernel {

    private SoftmaxKernel() {}


    /** Turns logits [rows, V] into the mean loss's gradient in place; returns the summed loss. */
    static double crossEntropy(INDArray logits, int[] targets) {
        int rows = targets.length;
        int width = (int) logits.size(1);
        FloatBuffer values = NativeFloats.bytes(logits).asFloatBuffer();
        float[] row = new float[width];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            values.get(r * width, row);
            float logSum = VectorMath.logSumExp(row, 0, width);
            loss += logSum - row[targets[r]];
            VectorOps.softmaxGradient(row, logSum, 1f / rows);
            row[targets[r]] -= 1f / rows;
            values.put(r * width, row);
        }
        return loss;
    }
}
