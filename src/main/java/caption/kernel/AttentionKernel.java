package caption.kernel;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention decoder's per-step work over all grid positions of a training batch, in place on
 * ND4J's memory and split over the cores by caption. ND4J runs these one thread at a time, and
 * its tanh of [32, 49, 512] values took 12 ms a step, 13% of a training step at the benchmark's
 * sizes; the batched [1, 49] x [49, 2048] products of the context and its gradient 7%. Use only on
 * dense row-major float arrays; part of {@link CpuNumerics}.
 */
final class AttentionKernel {

    private AttentionKernel() {}


    /** {@code tanh(P[i, l] + q[i])} for projected features P [n, L, A] and queries q [n, A], as [n * L, A]. */
    static INDArray tanhLayer(INDArray projected, INDArray query) {
        int n = (int) projected.size(0);
        int positions = (int) projected.size(1);
        int width = (int) projected.size(2);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {(long) n * positions, width}, 'c');
        ByteBuffer p = NativeFloats.bytes(projected);
        ByteBuffer q = NativeFloats.bytes(query);
        ByteBuffer o = NativeFloats.bytes(out);
        byCaption(n, i -> {
            for (int l = 0; l < positions; l++) {
                int row = (i * positions + l) * width;
                VectorOps.tanhOfSum(p, row, q, i * width, o, row, width);
            }
        });
        return out;
    }

    /** The contexts {@code sum over l of alpha[i, l] V[i, l]} of weights alpha [n, L] and features V [n, L, C], as [n, C]. */
    static INDArray context(INDArray alpha, INDArray features) {
        int n = (int) features.size(0);
        int positions = (int) features.size(1);
        int channels = (int) features.size(2);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, channels}, 'c');
        ByteBuffer a = NativeFloats.bytes(alpha);
        ByteBuffer v = NativeFloats.bytes(features);
        ByteBuffer o = NativeFloats.bytes(out);
        byCaption(n, i -> {
            float[] sum = new float[channels];
            for (int l = 0; l < positions; l++) {
                VectorOps.addScaled(sum, a.getFloat((i * positions + l) * Float.BYTES), v, (i * positions + l) * channels);
            }
            o.asFloatBuffer().put(i * channels, sum);
        });
        return out;
    }

    /** {@code V[i, l] . d[i]} for features V [n, L, C] and context gradients d [n, C], as [n, L]. */
    static INDArray positionDots(INDArray features, INDArray dContext) {
        int n = (int) features.size(0);
        int positions = (int) features.size(1);
        int channels = (int) features.size(2);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, positions}, 'c');
        ByteBuffer v = NativeFloats.bytes(features);
        ByteBuffer d = NativeFloats.bytes(dContext);
        ByteBuffer o = NativeFloats.bytes(out);
        byCaption(n, i -> {
            for (int l = 0; l < positions; l++) {
                o.putFloat((i * positions + l) * Float.BYTES,
                        VectorOps.dot(v, (i * positions + l) * channels, d, i * channels, channels));
            }
        });
        return out;
    }

    /** {@code dV[i, l] += alpha[i, l] d[i]} for weights alpha [n, L], context gradients d [n, C] and dV [n, L, C]. */
    static void contextBackward(INDArray alpha, INDArray dContext, INDArray dFeatures) {
        int n = (int) dFeatures.size(0);
        int positions = (int) dFeatures.size(1);
        int channels = (int) dFeatures.size(2);
        ByteBuffer a = NativeFloats.bytes(alpha);
        ByteBuffer d = NativeFloats.bytes(dContext);
        ByteBuffer out = NativeFloats.bytes(dFeatures);
        byCaption(n, i -> {
            for (int l = 0; l < positions; l++) {
                VectorOps.addScaled(out, (i * positions + l) * channels, a.getFloat((i * positions + l) * Float.BYTES),
                        d, i * channels, channels);
            }
        });
    }

    /**
     * Backward through {@code e = tanh(P + q)} and the scores {@code e v}: with the scores' gradients
     * dScores [n * L, 1], the gradient in the layer's pre-activation is
     * {@code dPre[i, l] = (1 - e[i, l]^2) dScores[i, l] v}; adds it to dProjected [n * L, A] in place
     * and returns the queries' gradient, its sum over positions, [n, A]. One pass instead of ND4J's
     * five over the [n * L, A] arrays.
     */
    static INDArray scoreBackward(INDArray e, INDArray dScores, INDArray v, INDArray dProjected, int n) {
        int positions = (int) (e.size(0) / n);
        int width = (int) e.size(1);
        INDArray dq = Nd4j.zeros(DataType.FLOAT, n, width);
        ByteBuffer eb = NativeFloats.bytes(e);
        ByteBuffer sb = NativeFloats.bytes(dScores);
        float[] vRow = new float[width];
        NativeFloats.bytes(v).asFloatBuffer().get(0, vRow);
        ByteBuffer pb = NativeFloats.bytes(dProjected);
        ByteBuffer qb = NativeFloats.bytes(dq);
        byCaption(n, i -> {
            float[] sum = new float[width];
            for (int l = 0; l < positions; l++) {
                int row = i * positions + l;
                VectorOps.tanhBackward(eb, pb, row * width, sb.getFloat(row * Float.BYTES), vRow, sum);
            }
            qb.asFloatBuffer().put(i * width, sum);
        });
        return dq;
    }

    private interface PerCaption {
        void run(int caption);
    }

    /** Runs every caption's work, the captions split into one contiguous range per core. */
    private static void byCaption(int n, PerCaption work) {
        int parts = Math.min(CoreSplit.CORES, n);
        CoreSplit.run(parts, part -> {
            for (int i = n * part / parts; i < n * (part + 1) / parts; i++) {
                work.run(i);
            }
        });
    }
}
