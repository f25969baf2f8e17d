package caption.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax over rows, on the CPU: attention's weights and the search's next-word log-probabilities
 * on Java arrays, and softmax cross-entropy in place over a logits array, where each row becomes the
 * gradient of the mean loss in its logits, {@code (softmax - onehot(target)) / rows} (ND4J does that
 * as six passes over [rows, 10,000]: max, subtract, exp, sum, scale, the targets one value at a
 * time). Every row is shifted by its log-sum-exp, summed with the Vector API. Part of
 * {@link CpuNumerics}.
 */
final class SoftmaxKernel {

    private SoftmaxKernel() {}

    /** The softmax of each row of values [rows, width], in place. */
    static void softmax(float[] values, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int from = r * width;
            float logSum = logSumExp(values, from, from + width);
            for (int i = from; i < from + width; i++) {
                values[i] = (float) Math.exp(values[i] - logSum);
            }
        }
    }

    /** The log-softmax of each row of logits [rows, width], one array per row. */
    static float[][] logSoftmax(float[] logits, int rows, int width) {
        float[][] out = new float[rows][width];
        for (int r = 0; r < rows; r++) {
            float logSum = logSumExp(logits, r * width, (r + 1) * width);
            for (int i = 0; i < width; i++) {
                out[r][i] = logits[r * width + i] - logSum;
            }
        }
        return out;
    }

    /** Turns logits [rows, V] into the mean loss's gradient in place; returns the summed loss. */
    static double crossEntropy(INDArray logits, int[] targets) {
        int rows = targets.length;
        int width = (int) logits.size(1);
        FloatBuffer values = NativeFloats.bytes(logits).asFloatBuffer();
        float[] row = new float[width];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            values.get(r * width, row);
            float logSum = logSumExp(row, 0, width);
            loss += logSum - row[targets[r]];
            VectorOps.softmaxGradient(row, logSum, 1f / rows);
            row[targets[r]] -= 1f / rows;
            values.put(r * width, row);
        }
        return loss;
    }

    /** {@code log(sum(exp(a[from, to))))}, computed stably (shifted by the maximum). */
    static float logSumExp(float[] a, int from, int to) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return max;
        }
        return (float) (max + Math.log(VectorOps.sumExp(a, from, to, max)));
    }
}
