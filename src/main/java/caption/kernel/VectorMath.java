package caption.kernel;

/**
 * Element-wise functions and dot products on float arrays for a search step, with the Vector API
 * where the CPU numerics run ({@link Numerics}) and plain loops otherwise. The plain tanh is written through
 * {@code exp} because {@code Math.tanh} costs ~50 ns a value here (a search step of the attention
 * decoder takes 75,000 of them).
 */
public final class VectorMath {

    private VectorMath() {}

    /** The Vector API where the CPU numerics are chosen; plain loops with ND4J's. */
    static boolean vectors() {
        return Numerics.current() == CpuNumerics.INSTANCE;
    }

    /** tanh of a[from, to), in place. */
    public static void tanh(float[] a, int from, int to) {
        if (vectors()) {
            VectorOps.tanh(a, from, to);
            return;
        }
        scalarTanh(a, from, to);
    }

    static void scalarTanh(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = (float) (1 - 2 / (Math.exp(2.0 * a[i]) + 1));
        }
    }

    /** The logistic sigmoid of a[from, to), in place. */
    public static void sigmoid(float[] a, int from, int to) {
        if (vectors()) {
            VectorOps.sigmoid(a, from, to);
            return;
        }
        scalarSigmoid(a, from, to);
    }

    static void scalarSigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = (float) (1 / (1 + Math.exp(-a[i])));
        }
    }

    /** The dot product of a[aFrom, aFrom + n) and b[bFrom, bFrom + n). */
    public static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        if (vectors()) {
            return VectorOps.dot(a, aFrom, b, bFrom, n);
        }
        return scalarDot(a, aFrom, b, bFrom, n);
    }

    static float scalarDot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[aFrom + i] * b[bFrom + i];
        }
        return sum;
    }
}
