package caption.bench;

import caption.encoder.ImageEncoder;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;

/**
 * The multiply-adds of an encoder's convolutions at its input size, read from its graph: each
 * convolution's output positions times its kernel, input and output channels. Pooling, ReLU and
 * biases are left out (a few percent), so twice the multiply-adds is a floor on its flops.
 */
public final class EncoderCost {

    private EncoderCost() {}

    /** Flops of one image through the encoder's convolutions. */
    public static double convolutionFlops(ImageEncoder encoder) {
        int size = encoder.preprocess().size();
        ComputationGraphConfiguration conf = encoder.graph().getConfiguration();
        Map<String, InputType> outputs = conf.getLayerActivationTypes(InputType.convolutional(size, size, 3));
        double flops = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            GraphVertex vertex = unfrozen(e.getValue());
            if (vertex instanceof LayerVertex lv && inner(lv.getLayerConf().getLayer()) instanceof ConvolutionLayer conv
                    && outputs.get(e.getKey()) instanceof InputType.InputTypeConvolutional out) {
                int[] kernel = conv.getKernelSize();
                flops += 2.0 * out.getHeight() * out.getWidth() * conv.getNOut() * conv.getNIn() * kernel[0] * kernel[1];
            }
        }
        return flops;
    }

    private static GraphVertex unfrozen(GraphVertex vertex) {
        return vertex instanceof FrozenVertex frozen ? unfrozen(frozen.getUnderlying()) : vertex;
    }

    private static Layer inner(Layer layer) {
        return layer instanceof FrozenLayer frozen ? inner(frozen.getLayer()) : layer;
    }
}
