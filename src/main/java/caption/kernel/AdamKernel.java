package caption.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's update in one pass over a parameter's memory, split over the cores: the gradient scaled by
 * the clipping factor, the moments, and the parameter. ND4J's updater does this in four passes on
 * one thread (scale, moments and update, subtract), 125-155 ms of a 600 ms Show-and-Tell training
 * step at the benchmark's sizes. The arithmetic is libnd4j's {@code adamUpdater}:
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code p -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)}. Part of {@link CpuNumerics}.
 */
final class AdamKernel {

    /** Below this many values a call is not worth splitting over the cores. */
    private static final int SPLIT_FROM = 1 << 16;

    private AdamKernel() {}


    /** The sum of squares of the values of {@code a} (dense row-major floats, {@link NativeFloats#accepts}). */
    static double squaredNorm(INDArray a) {
        ByteBuffer values = NativeFloats.bytes(a);
        int n = (int) a.length();
        int parts = parts(n);
        double[] sums = new double[parts];
        CoreSplit.run(parts, i -> sums[i] = VectorOps.squaredSum(values, from(n, parts, i), from(n, parts, i + 1)));
        double sum = 0;
        for (double s : sums) {
            sum += s;
        }
        return sum;
    }

    /**
     * One Adam step of iteration {@code t} (0 for the first) on {@code param} in place, with gradient
     * {@code scale * grad}; {@code state} holds the moments as ND4J's Adam keeps them, [m | v] (all
     * dense row-major floats; the state twice the parameter's length).
     */
    static void step(INDArray param, INDArray grad, INDArray state, Numerics.AdamStep step) {
        int n = (int) param.length();
        if (grad.length() != n || state.length() != 2L * n) {
            throw new IllegalArgumentException("parameter, gradient and moments differ in length");
        }
        VectorOps.Adam adam = new VectorOps.Adam((float) step.scale(), (float) step.beta1(), (float) step.beta2(),
                (float) step.epsilon(), (float) step.stepSize());
        ByteBuffer p = NativeFloats.bytes(param);
        ByteBuffer g = NativeFloats.bytes(grad);
        ByteBuffer moments = NativeFloats.bytes(state);
        ByteBuffer m = moments.slice(0, n * Float.BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer v = moments.slice(n * Float.BYTES, n * Float.BYTES).order(ByteOrder.nativeOrder());
        int parts = parts(n);
        CoreSplit.run(parts, i -> VectorOps.adam(adam, p, g, m, v, from(n, parts, i), from(n, parts, i + 1)));
    }

    private static int parts(int n) {
        return n < SPLIT_FROM ? 1 : CoreSplit.CORES;
    }

    /** Start of part i of n values in {@code parts} parts, on a multiple of 8 values. */
    private static int from(int n, int parts, int i) {
        return i == parts ? n : (int) ((long) n * i / parts) & ~7;
    }
}
