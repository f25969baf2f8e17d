package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.image.PreprocessConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainableTopTest {

    private static final int SIZE = 64;

    private static ImageEncoder randomEncoder() {
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(SIZE, SqueezeNetFactory.LAST_FIRE, 7),
                new ImageEncoder.Description(PreprocessConfig.shapes(SIZE), "test", Map.of()));
    }

    private static INDArray images(int n) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, n, 3, SIZE, SIZE).subi(0.5).muli(4);
    }

    @Test
    void theBottomThenTheTopGiveTheWholeEncodersGrid() {
        ImageEncoder encoder = randomEncoder();
        TrainableTop top = TrainableTop.split(encoder, "fire8");
        INDArray input = images(3);
        INDArray expected = encoder.encode(input).gridRows();
        INDArray viaTop = top.forward(top.bottom().encode(input).gridRows());
        assertEquals(0, expected.distance2(viaTop), 1e-4 * expected.norm2Number().doubleValue());
        assertEquals(java.util.List.of("fire8_sq1x1", "fire8_exp1x1", "fire8_exp3x3", "fire9_sq1x1", "fire9_exp1x1",
                "fire9_exp3x3"), top.layers());
    }

    @Test
    void theParameterGradientMatchesFiniteDifferences() {
        TrainableTop top = TrainableTop.split(randomEncoder(), "fire9");
        INDArray below = top.bottom().encode(images(2)).gridRows().castTo(DataType.DOUBLE).castTo(DataType.FLOAT);
        INDArray out = top.forward(below);
        Nd4j.getRandom().setSeed(3);
        INDArray weights = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
        INDArray gradient = top.backward(weights).dup();
        INDArray params = top.params();
        // objective sum(out * weights); central differences on a spread of parameters (float32, ReLU
        // kinks nearby: each within 5%, all together within 1%)
        double eps = 1e-2;
        int checked = 0;
        double squaredError = 0;
        double squaredNumeric = 0;
        for (long i = 0; i < params.length(); i += params.length() / 23) {
            float keep = params.getFloat(i);
            params.putScalar(i, keep + eps);
            double plus = top.forward(below).mul(weights).sumNumber().doubleValue();
            params.putScalar(i, keep - eps);
            double minus = top.forward(below).mul(weights).sumNumber().doubleValue();
            params.putScalar(i, keep);
            double numeric = (plus - minus) / (2 * eps);
            double analytic = gradient.getDouble(i);
            assertEquals(numeric, analytic, 5e-2 * Math.max(1, Math.abs(numeric)), "parameter " + i);
            squaredError += (numeric - analytic) * (numeric - analytic);
            squaredNumeric += numeric * numeric;
            checked++;
        }
        assertTrue(checked >= 20);
        assertTrue(Math.sqrt(squaredError / squaredNumeric) < 1e-2, "relative error " + Math.sqrt(squaredError / squaredNumeric));
    }

    @Test
    void theMergedEncoderCarriesTheTrainedWeights() {
        ImageEncoder encoder = randomEncoder();
        TrainableTop top = TrainableTop.split(encoder, "fire8");
        top.params().muli(1.5);
        INDArray input = images(2);
        INDArray viaTop = top.forward(top.bottom().encode(input).gridRows());
        ImageEncoder merged = top.merged(Map.of("fineTuned", "fire8, fire9"));
        INDArray grid = merged.encode(input).gridRows();
        assertEquals(0, grid.distance2(viaTop), 1e-4 * grid.norm2Number().doubleValue());
        assertTrue(encoder.encode(input).gridRows().distance2(grid) > 1e-3, "the original encoder is left as it was");
        assertEquals("fire8, fire9", merged.description().provenance().get("fineTuned"));
    }

    @Test
    void onlyTheLastFireBlocksTrain() {
        ImageEncoder encoder = randomEncoder();
        assertThrows(IllegalArgumentException.class, () -> TrainableTop.split(encoder, "fire5"));
        assertThrows(IllegalArgumentException.class, () -> TrainableTop.split(encoder, "conv1"));
    }
}
