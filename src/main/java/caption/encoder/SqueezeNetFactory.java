package caption.encoder;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J zoo's SqueezeNet (v1.1): with a multi-label head for the auxiliary pretraining
 * task, or cut after its last fire block as a feature extractor.
 */
public final class SqueezeNetFactory {

    /** The vertex whose output is the spatial grid. */
    public static final String FEATURE_VERTEX = "fire9";
    static final String INPUT = "input";
    private static final String HEAD_ACTIVATION = "conv10_act";
    private static final String POOL = "avg_pool";
    private static final String OUTPUT = "loss";
    /** Everything after fire9, output first. */
    private static final String[] HEAD_VERTICES = {OUTPUT, POOL, HEAD_ACTIVATION, "conv10", "drop9"};

    private SqueezeNetFactory() {}

    /**
     * The zoo graph with its softmax head replaced by per-label sigmoids: conv10 (1x1, linear) then
     * global average pooling, so the pooled fire9 vector linearly determines every label's logit.
     */
    public static ComputationGraph multiLabel(int inputSize, int labels, long seed, double learningRate) {
        SqueezeNet zoo = SqueezeNet.builder()
                .seed(seed)
                .numClasses(labels)
                .inputShape(new int[] {3, inputSize, inputSize})
                .updater(new Adam(learningRate))
                .build();
        ComputationGraphConfiguration.GraphBuilder graph = zoo.graphBuilder();
        graph.removeVertex(HEAD_ACTIVATION, false);
        graph.removeVertex("softmax", true);
        graph.removeVertex(OUTPUT, true);
        graph.addLayer(HEAD_ACTIVATION, new ActivationLayer(Activation.IDENTITY), "conv10");
        graph.addLayer(OUTPUT, new LossLayer.Builder(LossFunctions.LossFunction.XENT)
                .activation(Activation.SIGMOID).build(), POOL);
        graph.setOutputs(OUTPUT);
        graph.addInputs(INPUT).setInputTypes(InputType.convolutional(inputSize, inputSize, 3));
        ComputationGraphConfiguration conf = graph.build();
        linearConvolutions(conf);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /**
     * The zoo declares no activation on its conv layers, so DL4J's global default (sigmoid) applies
     * before each ReLU layer: sigmoid-then-ReLU does not train. SqueezeNet's convolutions are linear
     * with the ReLU after them, so this sets them to identity.
     */
    static void linearConvolutions(ComputationGraphConfiguration conf) {
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer conv) {
                conv.setActivationFn(new ActivationIdentity());
            }
        }
    }

    /** A randomly initialised SqueezeNet cut after fire9 (for tests and from-scratch training). */
    public static ComputationGraph randomFeatureExtractor(int inputSize, long seed) {
        return featureExtractor(multiLabel(inputSize, 1, seed, 1e-3));
    }

    /** The same network without its head, frozen, with fire9 as its output. */
    public static ComputationGraph featureExtractor(ComputationGraph withHead) {
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(withHead)
                .setFeatureExtractor(FEATURE_VERTEX);
        for (String head : HEAD_VERTICES) {
            builder.removeVertexAndConnections(head);
        }
        return builder.setOutputs(FEATURE_VERTEX).build();
    }
}
