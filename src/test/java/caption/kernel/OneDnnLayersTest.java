package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.encoder.SqueezeNetFactory;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** DL4J's layers trained through oneDNN against the same layers as DL4J runs them. */
class OneDnnLayersTest {

    @Test
    void trainingStepsThroughOneDnnMatchDl4jsOwnLayers() {
        ComputationGraph plain = SqueezeNetFactory.withGridHead(64, "fire5", 14, 3, 1e-3);
        ComputationGraph oneDnn = plain.clone();
        OneDnnLayers.attach(oneDnn);
        for (Layer layer : plain.getLayers()) {
            assertNull(layer.getHelper(), "DL4J attached a helper itself to " + layer.conf().getLayer().getLayerName());
        }
        int attached = 0;
        for (Layer layer : oneDnn.getLayers()) {
            if (layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer) {
                assertNotNull(layer.getHelper(), layer.conf().getLayer().getLayerName());
                attached++;
            }
        }
        // conv1, three convolutions in each of fire2-5, the head's, and the two poolings
        assertEquals(16, attached, "convolution and pooling layers with oneDNN");

        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 3; step++) {
            INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64);
            INDArray labels = Nd4j.rand(DataType.FLOAT, 8, 14, 7, 7).gt(0.8).castTo(DataType.FLOAT);
            INDArray before = plain.outputSingle(false, images);
            assertEquals(0, Transforms.abs(before.sub(oneDnn.outputSingle(false, images))).maxNumber().doubleValue(), 1e-4,
                    "outputs before step " + step);
            plain.fit(new DataSet(images, labels));
            oneDnn.fit(new DataSet(images, labels));
            assertEquals(plain.score(), oneDnn.score(), 1e-4 * Math.abs(plain.score()), "loss of step " + step);
        }
        double largest = Transforms.abs(plain.params().sub(oneDnn.params())).maxNumber().doubleValue();
        assertEquals(0, largest, 1e-4, "largest parameter difference after three steps");
        assertTrue(Transforms.abs(plain.params().sub(SqueezeNetFactory.withGridHead(64, "fire5", 14, 3, 1e-3).params()))
                .maxNumber().doubleValue() > 1e-3, "the steps changed the parameters");
    }
}
