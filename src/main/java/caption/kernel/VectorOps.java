package caption.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorMath}'s functions in the Vector API; loaded only where the CPU numerics run.
 *
 * <p>Every result is bit for bit the same whether HotSpot has compiled the calling code or not, so
 * that a training run repeats exactly: the Vector API's own {@code EXP}, {@code TANH} and
 * {@code reduceLanes(ADD)} are not (compiled code calls Intel's SVML and sums lanes as a tree, the
 * interpreter calls {@code Math} and sums them in order), so exp is written here in exactly rounded
 * operations and lanes are summed in one fixed order.
 */
final class VectorOps {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int LANES = F.length();
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
    /** 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 to the nearest integer. */
    private static final float ROUND_TO_INTEGER = 12582912f;

    /** Rotations by LANES / 2, LANES / 4, ..., 1: the fixed order of {@link #sum}. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorOps() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] halves = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int by = LANES >> (s + 1);
            halves[s] = VectorShuffle.fromOp(F, i -> (i + by) % LANES);
        }
        return halves;
    }

    /** The sum of the lanes, added in the same order on every path. */
    private static float sum(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    /**
     * e^x to within 2 ulp (Cephes' expf: x = k ln 2 + r with |r| <= ln 2 / 2, a degree-7 polynomial
     * in r, times 2^k); inputs clamped to [-87, 88], where e^x is a normal float. k is read from the
     * bits of the rounded float, which HotSpot compiles to a few instructions where a float-to-int
     * conversion of the vector does not.
     */
    private static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(-87f).min(88f);
        FloatVector rounded = clamped.mul(1.44269504f).add(ROUND_TO_INTEGER);
        FloatVector k = rounded.sub(ROUND_TO_INTEGER);
        FloatVector r = clamped.sub(k.mul(0.693359375f)).sub(k.mul(-2.12194440e-4f));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f)
                .mul(r).add(8.3334519073e-3f)
                .mul(r).add(4.1665795894e-2f)
                .mul(r).add(1.6666665459e-1f)
                .mul(r).add(5.0000001201e-1f)
                .mul(r.mul(r)).add(r).add(1f);
        // the low bits of rounded's pattern hold k + 2^22: make them k + 127 and shift into the exponent
        IntVector twoToK = ((IntVector) rounded.reinterpretAsInts())
                .sub(Float.floatToIntBits(ROUND_TO_INTEGER) - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(twoToK.reinterpretAsFloats());
    }

    private static FloatVector tanh(FloatVector x) {
        return ONE.sub(ONE.add(ONE).div(exp(x.add(x)).add(1f)));
    }

    static void tanh(float[] a, int from, int to) {
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            tanh(FloatVector.fromArray(F, a, i)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = (float) Math.tanh(a[i]);
        }
    }

    static void sigmoid(float[] a, int from, int to) {
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            ONE.div(exp(FloatVector.fromArray(F, a, i).neg()).add(1f)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = (float) (1 / (1 + Math.exp(-a[i])));
        }
    }

    static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            sum = FloatVector.fromArray(F, a, aFrom + i).fma(FloatVector.fromArray(F, b, bFrom + i), sum);
        }
        float tail = 0;
        for (; i < n; i++) {
            tail += a[aFrom + i] * b[bFrom + i];
        }
        return sum(sum) + tail;
    }

    /**
     * {@code dot(tanh(p[x, x + n) + q[y, y + n)), v[0, n))}, in one pass: the same operations, lane
     * for lane and in the same order, as {@link #tanh} of the sum into an array and then {@link #dot}.
     */
    static float tanhDot(float[] p, int x, float[] q, int y, float[] v, int n) {
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector t = tanh(FloatVector.fromArray(F, p, x + i).add(FloatVector.fromArray(F, q, y + i)));
            sum = t.fma(FloatVector.fromArray(F, v, i), sum);
        }
        float tail = 0;
        for (; i < n; i++) {
            tail += (float) Math.tanh(p[x + i] + q[y + i]) * v[i];
        }
        return sum(sum) + tail;
    }

    /** out[o + i] += scale * v[at + i] for i in [0, n): the product rounded, then added (no fused multiply-add). */
    static void addProduct(float[] out, int o, float scale, float[] v, int at, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(F, out, o + i).add(FloatVector.fromArray(F, v, at + i).mul(scale)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] += scale * v[at + i];
        }
    }

    /** The sum of exp(a[i] - shift) over [from, to). */
    static double sumExp(float[] a, int from, int to, float shift) {
        FloatVector sum = FloatVector.zero(F);
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            sum = sum.add(exp(FloatVector.fromArray(F, a, i).sub(shift)));
        }
        double tail = 0;
        for (; i < to; i++) {
            tail += Math.exp(a[i] - shift);
        }
        return sum(sum) + tail;
    }

    /** Sum of squares of the floats [from, to) of a native-order buffer. */
    static double squaredSum(ByteBuffer a, int from, int to) {
        FloatVector sum = FloatVector.zero(F);
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            FloatVector x = FloatVector.fromByteBuffer(F, a, i * Float.BYTES, ByteOrder.nativeOrder());
            sum = x.fma(x, sum);
        }
        double tail = 0;
        for (; i < to; i++) {
            double x = a.getFloat(i * Float.BYTES);
            tail += x * x;
        }
        return sum(sum) + tail;
    }

    /** Adam's constants for one step: clipping scale, betas, epsilon, bias-corrected step size. */
    record Adam(float scale, float beta1, float beta2, float epsilon, float stepSize) {}

    /** One Adam step over the floats [from, to) of parameter, gradient and moments. */
    static void adam(Adam a, ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to) {
        ByteOrder order = ByteOrder.nativeOrder();
        float keepM = a.beta1();
        float keepV = a.beta2();
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            int at = i * Float.BYTES;
            FloatVector grad = FloatVector.fromByteBuffer(F, g, at, order).mul(a.scale());
            FloatVector mNew = FloatVector.fromByteBuffer(F, m, at, order).mul(keepM).add(grad.mul(1 - keepM));
            FloatVector vNew = FloatVector.fromByteBuffer(F, v, at, order).mul(keepV).add(grad.mul(grad).mul(1 - keepV));
            FloatVector update = mNew.mul(a.stepSize()).div(vNew.sqrt().add(a.epsilon()));
            mNew.intoByteBuffer(m, at, order);
            vNew.intoByteBuffer(v, at, order);
            FloatVector.fromByteBuffer(F, p, at, order).sub(update).intoByteBuffer(p, at, order);
        }
        for (; i < to; i++) {
            int at = i * Float.BYTES;
            float grad = g.getFloat(at) * a.scale();
            float mNew = m.getFloat(at) * keepM + grad * (1 - keepM);
            float vNew = v.getFloat(at) * keepV + grad * grad * (1 - keepV);
            m.putFloat(at, mNew);
            v.putFloat(at, vNew);
            p.putFloat(at, p.getFloat(at) - mNew * a.stepSize() / ((float) Math.sqrt(vNew) + a.epsilon()));
        }
    }

    /** out[o + i] = tanh(a[x + i] + b[y + i]) for i in [0, n), indices in floats. */
    static void tanhOfSum(ByteBuffer a, int x, ByteBuffer b, int y, ByteBuffer out, int o, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            tanh(FloatVector.fromByteBuffer(F, a, (x + i) * Float.BYTES, order)
                    .add(FloatVector.fromByteBuffer(F, b, (y + i) * Float.BYTES, order)))
                    .intoByteBuffer(out, (o + i) * Float.BYTES, order);
        }
        for (; i < n; i++) {
            out.putFloat((o + i) * Float.BYTES,
                    (float) Math.tanh(a.getFloat((x + i) * Float.BYTES) + b.getFloat((y + i) * Float.BYTES)));
        }
    }

    /** sum[i] += scale * v[at + i] over sum's length, indices in floats. */
    static void addScaled(float[] sum, float scale, ByteBuffer v, int at) {
        ByteOrder order = ByteOrder.nativeOrder();
        FloatVector s = FloatVector.broadcast(F, scale);
        int i = 0;
        for (; i <= sum.length - LANES; i += LANES) {
            FloatVector.fromByteBuffer(F, v, (at + i) * Float.BYTES, order).fma(s, FloatVector.fromArray(F, sum, i))
                    .intoArray(sum, i);
        }
        for (; i < sum.length; i++) {
            sum[i] += scale * v.getFloat((at + i) * Float.BYTES);
        }
    }

    /** out[o + i] += scale * v[at + i] for i in [0, n), indices in floats. */
    static void addScaled(ByteBuffer out, int o, float scale, ByteBuffer v, int at, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        FloatVector s = FloatVector.broadcast(F, scale);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            int bytes = (o + i) * Float.BYTES;
            FloatVector.fromByteBuffer(F, v, (at + i) * Float.BYTES, order)
                    .fma(s, FloatVector.fromByteBuffer(F, out, bytes, order)).intoByteBuffer(out, bytes, order);
        }
        for (; i < n; i++) {
            int bytes = (o + i) * Float.BYTES;
            out.putFloat(bytes, out.getFloat(bytes) + scale * v.getFloat((at + i) * Float.BYTES));
        }
    }

    /** The dot product of a[x, x + n) and b[y, y + n), indices in floats. */
    static float dot(ByteBuffer a, int x, ByteBuffer b, int y, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            sum = FloatVector.fromByteBuffer(F, a, (x + i) * Float.BYTES, order)
                    .fma(FloatVector.fromByteBuffer(F, b, (y + i) * Float.BYTES, order), sum);
        }
        float tail = 0;
        for (; i < n; i++) {
            tail += a.getFloat((x + i) * Float.BYTES) * b.getFloat((y + i) * Float.BYTES);
        }
        return sum(sum) + tail;
    }

    /**
     * For one row of width v.length at float {@code at}: d = (1 - e^2) * score * v; adds d to the
     * row of {@code accumulate} and to {@code sum}.
     */
    static void tanhBackward(ByteBuffer e, ByteBuffer accumulate, int at, float score, float[] v, float[] sum) {
        ByteOrder order = ByteOrder.nativeOrder();
        int i = 0;
        for (; i <= v.length - LANES; i += LANES) {
            int bytes = (at + i) * Float.BYTES;
            FloatVector x = FloatVector.fromByteBuffer(F, e, bytes, order);
            FloatVector d = ONE.sub(x.mul(x)).mul(score).mul(FloatVector.fromArray(F, v, i));
            FloatVector.fromByteBuffer(F, accumulate, bytes, order).add(d).intoByteBuffer(accumulate, bytes, order);
            FloatVector.fromArray(F, sum, i).add(d).intoArray(sum, i);
        }
        for (; i < v.length; i++) {
            int bytes = (at + i) * Float.BYTES;
            float x = e.getFloat(bytes);
            float d = (1 - x * x) * score * v[i];
            accumulate.putFloat(bytes, accumulate.getFloat(bytes) + d);
            sum[i] += d;
        }
    }

    /** row[i] = exp(row[i] - logSum) * scale, in place. */
    static void softmaxGradient(float[] row, float logSum, float scale) {
        int i = 0;
        for (; i <= row.length - LANES; i += LANES) {
            exp(FloatVector.fromArray(F, row, i).sub(logSum)).mul(scale).intoArray(row, i);
        }
        for (; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - logSum) * scale;
        }
    }
}
