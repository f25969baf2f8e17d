package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

class AdamNumericsTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void matchesNd4jsAdamUpdaterStepForStepMomentsIncluded(String name) {
        // 407 values leave a tail after the vectors; 90,000 are split over the cores
        for (long[] shape : new long[][] {{37, 11}, {300, 300}}) {
            Nd4j.getRandom().setSeed(11);
            INDArray expected = Nd4j.rand(DataType.FLOAT, shape);
            INDArray actual = expected.dup();
            long n = expected.length();
            Adam config = new Adam(1e-2);
            INDArray nd4jState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
            GradientUpdater<?> nd4j = config.instantiate(nd4jState, true);
            INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
            for (int t = 0; t < 4; t++) {
                INDArray gradient = Nd4j.randn(DataType.FLOAT, shape);
                double scale = t == 2 ? 0.5 : 1.0;
                INDArray update = gradient.mul(scale).reshape('c', 1, n);
                nd4j.applyUpdater(update, t, 0);
                expected.subi(update.reshape('c', shape));
                NumericsChoice.choose(name).adam(actual, gradient, state,
                        new Numerics.AdamStep(scale, 1e-2, config.getBeta1(), config.getBeta2(), config.getEpsilon(), t));
            }
            assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6, "parameters");
            assertEquals(0.0, nd4jState.sub(state).amaxNumber().doubleValue(), 1e-6, "moments in ND4J's layout");
        }
    }

    @Test
    void squaredNormAndWhatItTakes() {
        INDArray a = Nd4j.randn(DataType.FLOAT, 301, 257);
        double expected = Math.pow(a.norm2Number().doubleValue(), 2);
        assertEquals(expected, Numerics.cpu().squaredNorm(a), expected * 1e-5);
        assertEquals(expected, Numerics.nd4j().squaredNorm(a), expected * 1e-5);
        assertTrue(NativeFloats.accepts(Nd4j.rand(DataType.FLOAT, 3, 4).transpose().dup('f').transpose()), "a row-major view");
        assertFalse(NativeFloats.accepts(Nd4j.rand(DataType.FLOAT, 3, 4).dup('f')), "column-major");
        assertFalse(NativeFloats.accepts(Nd4j.rand(DataType.DOUBLE, 3, 4)), "double");
        assertFalse(NativeFloats.accepts(Nd4j.rand(DataType.FLOAT, 3, 4).get(point(0), interval(0, 4)).reshape(2, 2).transpose()));
    }
}
