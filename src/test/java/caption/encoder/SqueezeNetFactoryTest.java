package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.SceneGridLabels;
import caption.image.PreprocessConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SqueezeNetFactoryTest {

    @Test
    void aTrainableCopyComputesWhatTheFrozenExtractorDoesAndLearns() {
        ComputationGraph frozen = SqueezeNetFactory.randomFeatureExtractor(64, "fire3", 5);
        ComputationGraph copy = SqueezeNetFactory.trainableCopy(frozen, 64, "fire3");
        INDArray input = Nd4j.rand(new long[] {2, 3, 64, 64}).subi(0.5);
        INDArray expected = frozen.outputSingle(false, input);
        assertEquals(0, expected.distance2(copy.outputSingle(false, input)), 1e-4 * expected.norm2Number().doubleValue());

        ComputationGraph withHead = SqueezeNetFactory.withGridHead(copy, "fire3", 4, 5, 1e-2);
        INDArray before = withHead.getParam("conv1_W").dup();
        long grid = expected.size(2);
        withHead.fit(new org.nd4j.linalg.dataset.DataSet(input, Nd4j.ones(2, 4, grid, grid)));
        assertTrue(before.distance2(withHead.getParam("conv1_W")) > 0, "the copied trunk must be trainable");
    }

    @Test
    void theHeadOnlyRunLeavesTheEncoderAsItIsAndItsPredictionsBecomeChannels() {
        ImageEncoder start = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, "fire3", 5),
                new ImageEncoder.Description(PreprocessConfig.shapes(64), "test", Map.of()));
        INDArray trunkBefore = start.graph().params().dup();
        EncoderPretrainer.Settings settings = new EncoderPretrainer.Settings(
                3, 8, 4, 1, 4, 1e-2, 1.0, PreprocessConfig.shapes(64), "fire3");
        ComputationGraph trained = new EncoderPretrainer(settings, start.graph(), new PrintWriter(new StringWriter()))
                .run().network();
        ComputationGraph extractor = SqueezeNetFactory.featureExtractorWithHead(trained, "fire3");
        assertEquals(trunkBefore, start.graph().params(), "--head-only must not train the encoder");

        INDArray input = Nd4j.rand(new long[] {2, 3, 64, 64}).subi(0.5);
        INDArray grid = extractor.outputSingle(false, input);
        INDArray features = start.graph().outputSingle(false, input);
        long channels = features.size(1);
        assertEquals(channels + SceneGridLabels.CHANNELS, grid.size(1));
        assertEquals(features, grid.get(NDArrayIndex.all(), NDArrayIndex.interval(0, channels)));
        INDArray predictions = grid.get(NDArrayIndex.all(), NDArrayIndex.interval(channels, grid.size(1)));
        assertTrue(predictions.minNumber().doubleValue() >= 0 && predictions.maxNumber().doubleValue() <= 1);
        assertTrue(NativeGraphForward.supports(extractor));
        assertEquals(0, grid.distance2(NativeGraphForward.of(extractor).output(input)), 1e-5 * grid.norm2Number().doubleValue());
    }

    @Test
    void anEncoderOfAnotherSizeAndCutStartsTheLayersItHasAndTheRestAreRandom() {
        ComputationGraph small = SqueezeNetFactory.randomFeatureExtractor(64, "fire3", 5);
        ComputationGraph larger = SqueezeNetFactory.copyMatchingLayers(small, SqueezeNetFactory.truncated(128, "fire5", 6));
        ComputationGraph random = SqueezeNetFactory.truncated(128, "fire5", 6);
        assertEquals(small.getLayer("conv1").getParam("W"), larger.getParam("conv1_W"));
        assertEquals(small.getLayer("fire3_exp3x3").getParam("b"), larger.getParam("fire3_exp3x3_b"));
        assertEquals(random.getParam("fire5_exp3x3_W"), larger.getParam("fire5_exp3x3_W"));
        assertTrue(random.getParam("conv1_W").distance2(larger.getParam("conv1_W")) > 0);
        assertEquals(15, larger.outputSingle(false, Nd4j.zeros(1, 3, 128, 128)).size(2));
    }

    @Test
    void anEncoderSavedWithItsHeadStartsTheHeadToo() {
        ComputationGraph trained = SqueezeNetFactory.withGridHead(64, "fire3", SceneGridLabels.CHANNELS, 5, 1e-3);
        ComputationGraph saved = SqueezeNetFactory.featureExtractorWithHead(trained, "fire3");
        ComputationGraph next = SqueezeNetFactory.copyMatchingLayers(saved,
                SqueezeNetFactory.withGridHead(128, "fire3", SceneGridLabels.CHANNELS, 6, 1e-3));
        assertEquals(trained.getParam("grid_head_W"), next.getParam("grid_head_W"));
        assertEquals(trained.getParam("fire2_sq1x1_W"), next.getParam("fire2_sq1x1_W"));
    }

    @Test
    void anotherCutIsRefused() {
        ComputationGraph frozen = SqueezeNetFactory.randomFeatureExtractor(64, "fire3", 5);
        assertThrows(IllegalArgumentException.class, () -> SqueezeNetFactory.trainableCopy(frozen, 64, "fire5"));
    }
}
