package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API and the plain versions against Math, on lengths that leave a tail after the vectors. */
class VectorMathTest {

    private static float[] values(int n) {
        Random rng = new Random(5);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian() * 4);
        }
        a[0] = 30; // saturates
        a[1] = -30;
        a[2] = 1e-4f; // near zero, where 1 - 2 / (e^2x + 1) loses digits
        return a;
    }

    @Test
    void tanhAndSigmoidMatchMath() {
        float[] x = values(37);
        float[] vector = x.clone();
        float[] plain = x.clone();
        VectorOps.tanh(vector, 0, 37);
        VectorMath.scalarTanh(plain, 0, 37);
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]);
            assertEquals(expected, vector[i], 1e-6, "vector tanh at " + i);
            assertEquals(expected, plain[i], 1e-6, "plain tanh at " + i);
        }
        vector = x.clone();
        plain = x.clone();
        VectorOps.sigmoid(vector, 0, 37);
        VectorMath.scalarSigmoid(plain, 0, 37);
        for (int i = 0; i < x.length; i++) {
            double expected = 1 / (1 + Math.exp(-x[i]));
            assertEquals(expected, vector[i], 1e-6, "vector sigmoid at " + i);
            assertEquals(expected, plain[i], 1e-6, "plain sigmoid at " + i);
        }
    }

    @Test
    void dotAndLogSumExpMatchDoubleArithmetic() {
        float[] a = values(45);
        float[] b = values(50);
        double dot = 0;
        for (int i = 0; i < 43; i++) {
            dot += (double) a[2 + i] * b[5 + i];
        }
        assertEquals(dot, VectorOps.dot(a, 2, b, 5, 43), 1e-3);
        assertEquals(dot, VectorMath.scalarDot(a, 2, b, 5, 43), 1e-3);
        double sum = 0;
        for (int i = 3; i < 45; i++) {
            sum += Math.exp(a[i] - 30.0);
        }
        assertEquals(30 + Math.log(sum), SoftmaxKernel.logSumExp(a, 3, 45), 1e-5);
        assertEquals(sum, VectorOps.sumExp(a, 3, 45, 30f), sum * 1e-6);
    }

    @Test
    void expIsWithinTwoUlpOverTheWholeRange() {
        float[] row = new float[4000];
        for (int i = 0; i < row.length; i++) {
            row[i] = -87f + 175f * i / row.length;
        }
        float[] e = row.clone();
        VectorOps.softmaxGradient(e, 0f, 1f);
        for (int i = 0; i < row.length; i++) {
            double expected = Math.exp(row[i]);
            assertEquals(expected, e[i], 2 * Math.ulp((float) expected), "exp(" + row[i] + ")");
        }
    }

    @Test
    void lanesAreSummedInOneFixedOrder() {
        // eight lanes of 1e8, -1e8, 1, ... : the sum depends on the order the lanes are added in
        float[] a = {1e8f, 3f, -1e8f, 5f, 1f, -1e8f, 7f, 1e8f};
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        float[] lanes = a.clone();
        for (int half = lanes.length / 2; half >= 1; half /= 2) {
            float[] next = new float[lanes.length];
            for (int i = 0; i < lanes.length; i++) {
                next[i] = lanes[i] + lanes[(i + half) % lanes.length];
            }
            lanes = next;
        }
        assertEquals(lanes[0], VectorOps.dot(a, 0, ones, 0, 8));
    }
}
