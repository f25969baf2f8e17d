package caption.kernel;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gives DL4J's convolution and pooling layers their oneDNN helpers, which run libnd4j's
 * {@code conv2d}/{@code conv2d_bp} and pooling ops (oneDNN in the native build) instead of DL4J's
 * im2col and products through Java. DL4J 1.0.0-M2.1 never attaches them itself: helpers are off
 * unless {@code org.eclipse.deeplearning4j.helpers.disable=false}, and even then its check looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class the release moved. CPU backend only.
 */
final class OneDnnLayers {

    private static final Field CONV_HELPER = field(ConvolutionLayer.class);
    private static final Field POOL_HELPER = field(SubsamplingLayer.class);

    private OneDnnLayers() {}

    /** Attaches the helpers to every convolution (depthwise and separable ones excepted) and pooling layer. */
    static ComputationGraph attach(ComputationGraph graph) {
        DataType dataType = graph.getConfiguration().getDataType();
        for (Layer layer : graph.getLayers()) {
            Layer inner = layer instanceof FrozenLayer frozen ? frozen.getInsideLayer() : layer;
            try {
                if (inner.getClass() == ConvolutionLayer.class) {
                    CONV_HELPER.set(inner, new MKLDNNConvHelper(dataType));
                } else if (inner.getClass() == SubsamplingLayer.class) {
                    POOL_HELPER.set(inner, new MKLDNNSubsamplingHelper(dataType));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot attach oneDNN to layer " + inner.conf().getLayer().getLayerName(), e);
            }
        }
        return graph;
    }

    private static Field field(Class<?> layerClass) {
        try {
            Field helper = layerClass.getDeclaredField("helper");
            helper.setAccessible(true);
            return helper;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + layerClass.getSimpleName() + " has no helper field", e);
        }
    }
}
