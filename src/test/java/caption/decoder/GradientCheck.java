package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central differences of an objective against analytic gradients, every element of every parameter. */
final class GradientCheck {

    private static final double EPS = 1e-6;

    private GradientCheck() {}

    /** The loss and gradients of a two-caption batch equal those of the batch with its rows swapped. */
    static void assertOrderDoesNotMatter(CaptionDecoder decoder, Batch batch) {
        INDArray f = batch.features();
        Batch swapped = new Batch(Nd4j.vstack(f.getRow(1, true), f.getRow(0, true)),
                new int[][] {batch.tokens()[1], batch.tokens()[0]}, batch.padId());
        LossAndGradients expected = decoder.lossAndGradients(batch, new Random(1));
        LossAndGradients actual = decoder.lossAndGradients(swapped, new Random(1));
        assertEquals(expected.loss(), actual.loss(), 1e-12);
        for (String name : expected.gradients().keySet()) {
            assertEquals(0.0, expected.gradients().get(name).sub(actual.gradients().get(name)).amaxNumber().doubleValue(),
                    1e-12, name);
        }
    }

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
