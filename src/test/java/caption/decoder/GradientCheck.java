package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central differences of an objective against analytic gradients, every element of every parameter. */
final class GradientCheck {

    private static final double EPS = 1e-6;

    private GradientCheck() {}

    static void assertMatches(DecoderParams params, Map<String, INDArray> grads, DoubleSupplier objective) {
        assertEquals(params.asMap().keySet(), grads.keySet());
        for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = grads.get(e.getKey());
            assertArrayEquals(p.shape(), g.shape(), e.getKey());
            for (long k = 0; k < p.length(); k++) {
                double original = p.getDouble(k);
                p.putScalar(k, original + EPS);
                double up = objective.getAsDouble();
                p.putScalar(k, original - EPS);
                double down = objective.getAsDouble();
                p.putScalar(k, original);
                double numeric = (up - down) / (2 * EPS);
                double analytic = g.getDouble(k);
                double scale = Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
                assertTrue(Math.abs(numeric - analytic) / scale < 1e-5 || Math.abs(numeric - analytic) < 1e-9,
                        e.getKey() + "[" + k + "]: numeric " + numeric + " analytic " + analytic);
            }
        }
    }
}
