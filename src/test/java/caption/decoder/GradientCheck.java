package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
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

    /** A scaler of {@code channels} with means in [-1, 1] and stds in [0.5, 2], so the chain through it shows. */
    static FeatureScaler someScaler(int channels, long seed) {
        Random rng = new Random(seed);
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = 2 * rng.nextFloat() - 1;
            std[c] = 0.5f + 1.5f * rng.nextFloat();
        }
        return new FeatureScaler(mean, std);
    }

    /**
     * The gradient of {@code objective} in the features before {@code scaler} ({@code raw}'s), by the
     * decoder and the scaler's chain, against central differences; and asking for it changes neither
     * the loss nor the parameters' gradients. Returns the largest relative error.
     */
    static double assertFeatureGradientThroughScaler(CaptionDecoder decoder, Batch raw, FeatureScaler scaler,
            ToDoubleFunction<Batch> objective) {
        Batch scaled = scaled(raw, raw.features(), scaler);
        LossAndGradients plain = decoder.lossAndGradients(scaled, new Random(1));
        LossAndGradients withFeatures = decoder.lossAndFeatureGradients(scaled, new Random(1));
        assertEquals(plain.loss(), withFeatures.loss(), 0.0);
        assertEquals(plain.gradients().keySet(), withFeatures.gradients().keySet());
        for (String name : plain.gradients().keySet()) {
            assertArrayEquals(values(plain.gradients().get(name)), values(withFeatures.gradients().get(name)), 0.0,
                    name);
        }
        INDArray analytic = scaler.unscaledGradient(withFeatures.featureGradient());
        return assertFeatureGradientMatches(raw.features(), analytic,
                x -> objective.applyAsDouble(scaled(raw, x, scaler)));
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static Batch scaled(Batch raw, INDArray features, FeatureScaler scaler) {
        return new Batch(scaler.apply(features), raw.tokens(), raw.padId(), raw.weights());
    }

    /**
     * The feature gradient in float (the path the CPU kernels take) against central differences of
     * the double objective: the largest difference within 1e-4 of the largest gradient. Returns
     * that ratio.
     */
    static double assertFloatFeatureGradientClose(CaptionDecoder doubles, Batch batch,
            ToDoubleFunction<Batch> objective) {
        Map<String, INDArray> floatArrays = new LinkedHashMap<>();
        doubles.params().asMap().forEach((name, a) -> floatArrays.put(name, a.castTo(DataType.FLOAT)));
        CaptionDecoder floats = doubles.withParams(new DecoderParams(floatArrays));
        Batch floatBatch = new Batch(batch.features().castTo(DataType.FLOAT), batch.tokens(), batch.padId());
        INDArray analytic = floats.lossAndFeatureGradients(floatBatch, new Random(1)).featureGradient();
        assertEquals(DataType.FLOAT, analytic.dataType());
        INDArray numeric = numericGradient(batch.features(),
                x -> objective.applyAsDouble(new Batch(x, batch.tokens(), batch.padId())));
        double ratio = numeric.sub(analytic.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / numeric.amaxNumber().doubleValue();
        assertTrue(ratio < 1e-4, "float feature gradient off by " + ratio + " of the largest");
        return ratio;
    }

    /**
     * Central differences of {@code objective} in each element of {@code features} (a copy is
     * perturbed) against the analytic gradient, element by element with the parameters' tolerance;
     * returns the largest difference over the largest gradient, |numeric - analytic| / |analytic|.
     */
    static double assertFeatureGradientMatches(INDArray features, INDArray analytic,
            ToDoubleFunction<INDArray> objective) {
        assertArrayEquals(features.shape(), analytic.shape(), "feature gradient's shape");
        INDArray numeric = numericGradient(features, objective);
        for (long k = 0; k < features.length(); k++) {
            double n = numeric.getDouble(k);
            double a = analytic.getDouble(k);
            double relative = Math.abs(n - a) / Math.max(1e-6, Math.abs(n) + Math.abs(a));
            assertTrue(relative < 1e-5 || Math.abs(n - a) < 1e-9,
                    "features[" + k + "]: numeric " + n + " analytic " + a);
        }
        double largest = analytic.amaxNumber().doubleValue();
        assertTrue(largest > 1e-7, "a feature gradient that is not all but zero");
        return numeric.sub(analytic.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / largest;
    }

    /** The central differences of {@code objective} in each element of (a copy of) {@code at}. */
    static INDArray numericGradient(INDArray at, ToDoubleFunction<INDArray> objective) {
        INDArray x = at.castTo(DataType.DOUBLE).dup('c');
        INDArray numeric = Nd4j.zeros(DataType.DOUBLE, x.shape());
        for (long k = 0; k < x.length(); k++) {
            double original = x.getDouble(k);
            x.putScalar(k, original + EPS);
            double up = objective.applyAsDouble(x);
            x.putScalar(k, original - EPS);
            double down = objective.applyAsDouble(x);
            x.putScalar(k, original);
            numeric.putScalar(k, (up - down) / (2 * EPS));
        }
        return numeric;
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

    /** A two-image batch with its rows in the other order. */
    static Batch twoRowsSwapped(Batch b) {
        INDArray f = b.features();
        return new Batch(Nd4j.vstack(f.getRow(1, true), f.getRow(0, true)), new int[][] {b.tokens()[1], b.tokens()[0]},
                b.padId());
    }
}
