package caption.encoder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J zoo's SqueezeNet (v1.1) cut after one of its fire blocks: as a feature extractor
 * (the block's map is the spatial grid), or with a per-cell head for the auxiliary pretraining task.
 */
public final class SqueezeNetFactory {

    /** The last fire block: the features of the ImageNet weights. */
    public static final String LAST_FIRE = "fire9";
    /** Where shape-scene encoders are cut: a 7 x 7 grid at 64 px, fine enough to tell objects apart. */
    public static final String SHAPES_CUT = "fire5";
    private static final Map<String, Integer> CHANNELS = Map.of(
            "fire2", 128, "fire3", 128, "fire4", 256, "fire5", 256,
            "fire6", 384, "fire7", 384, "fire8", 512, "fire9", 512);
    private static final String HEAD = "grid_head";
    private static final String LOSS = "grid_loss";
    private static final String WITH_HEAD = "features_and_head";

    private SqueezeNetFactory() {}

    /** Channels of a fire block's output. */
    public static int channels(String fireBlock) {
        Integer channels = CHANNELS.get(fireBlock);
        if (channels == null) {
            throw new IllegalArgumentException("not a SqueezeNet fire block: " + fireBlock + " (fire2 .. fire9)");
        }
        return channels;
    }

    /**
     * The trainable zoo graph up to {@code cut}, with a 1x1 convolution predicting {@code labels}
     * sigmoid outputs in every grid cell. The sigmoid sits in the convolution and the loss layer has
     * no activation of its own: DL4J 1.0.0-M2.1's loss layers apply their activation in place on
     * their input during training and then score the doubly activated values.
     */
    public static ComputationGraph withGridHead(int inputSize, String cut, int labels, long seed, double learningRate) {
        return withGridHead(truncated(inputSize, cut, seed), cut, labels, seed, learningRate);
    }

    /** {@link #withGridHead(int, String, int, long, double)} on a given trainable trunk. */
    public static ComputationGraph withGridHead(ComputationGraph trunk, String cut, int labels, long seed,
            double learningRate) {
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(trunk)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                        .seed(seed).updater(new Adam(learningRate)).l2(0).build());
        builder.addLayer(HEAD, new ConvolutionLayer.Builder(1, 1).nIn(channels(cut)).nOut(labels)
                .activation(Activation.SIGMOID).build(), cut);
        builder.addLayer(LOSS, new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT)
                .activation(Activation.IDENTITY).build(), HEAD);
        return builder.setOutputs(LOSS).build();
    }

    /** A randomly initialised, frozen SqueezeNet up to {@code cut} (for tests and baselines). */
    public static ComputationGraph randomFeatureExtractor(int inputSize, String cut, long seed) {
        return featureExtractor(withGridHead(inputSize, cut, 1, seed, 1e-3), cut);
    }

    /**
     * The network without its loss, frozen, whose output is {@code cut}'s map with the head's per-cell
     * predictions (sigmoid) as more channels: attributes the auxiliary task already read, handed to
     * the decoder beside the features they were read from (as in attribute-boosted captioners).
     */
    public static ComputationGraph featureExtractorWithHead(ComputationGraph withHead, String cut) {
        return new TransferLearning.GraphBuilder(withHead)
                .setFeatureExtractor(HEAD)
                .removeVertexAndConnections(LOSS)
                .addVertex(WITH_HEAD, new MergeVertex(), cut, HEAD)
                .setOutputs(WITH_HEAD)
                .build();
    }

    /** The network without its head, frozen, with {@code cut}'s map as its output. */
    public static ComputationGraph featureExtractor(ComputationGraph withHead, String cut) {
        return new TransferLearning.GraphBuilder(withHead)
                .setFeatureExtractor(cut)
                .removeVertexAndConnections(LOSS)
                .removeVertexAndConnections(HEAD)
                .setOutputs(cut)
                .build();
    }

    /**
     * A trainable copy of a frozen feature extractor (an encoder file's graph), to train further: the
     * zoo graph up to {@code cut} with the extractor's parameters, which are laid out alike.
     */
    public static ComputationGraph trainableCopy(ComputationGraph extractor, int inputSize, String cut) {
        ComputationGraph trunk = truncated(inputSize, cut, 0);
        if (trunk.numParams() != extractor.numParams()) {
            throw new IllegalArgumentException("the encoder is not SqueezeNet cut after " + cut + " ("
                    + extractor.numParams() + " parameters, expected " + trunk.numParams() + ")");
        }
        trunk.setParams(extractor.params().dup());
        return trunk;
    }

    /**
     * Starts every layer of {@code target} that {@code source} (an encoder file's graph, of any cut
     * and input size, with or without its head) also has, by name and size, from the source's
     * weights; the rest keep theirs. Convolution weights do not depend on the input's size, so an
     * encoder pretrained at one size starts the next at a finer one. Fails when the two share no layer.
     */
    public static ComputationGraph copyMatchingLayers(ComputationGraph source, ComputationGraph target) {
        int copied = 0;
        for (Layer layer : target.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (source.getConfiguration().getVertices().containsKey(name) && layer.numParams() > 0
                    && source.getLayer(name).numParams() == layer.numParams()) {
                Map<String, INDArray> from = source.getLayer(name).paramTable();
                layer.paramTable().forEach((key, values) -> values.assign(from.get(key)));
                copied++;
            }
        }
        if (copied == 0) {
            throw new IllegalArgumentException("the encoder shares no layer with the network to train");
        }
        return target;
    }

    /** The randomly initialised zoo graph (linear convolutions) up to {@code cut}, trainable, no head. */
    public static ComputationGraph truncated(int inputSize, String cut, long seed) {
        ComputationGraphConfiguration conf = SqueezeNet.builder()
                .seed(seed)
                .numClasses(1)
                .inputShape(new int[] {3, inputSize, inputSize})
                .build()
                .init()
                .getConfiguration();
        ComputationGraph zoo = new ComputationGraph(conf);
        zoo.init();
        return cutAfter(zoo, cut);
    }

    /**
     * A zoo SqueezeNet (random or pretrained) with linear convolutions, the same parameters, and
     * every vertex after {@code cut} removed.
     */
    public static ComputationGraph cutAfter(ComputationGraph zoo, String cut) {
        channels(cut);
        ComputationGraphConfiguration conf = zoo.getConfiguration().clone();
        linearConvolutions(conf);
        ComputationGraph linear = new ComputationGraph(conf);
        linear.init(zoo.params().dup(), false);
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(linear);
        // vertices are kept in the order the zoo added them; remove everything after the cut, last first
        List<String> order = new ArrayList<>(conf.getVertices().keySet());
        List<String> after = new ArrayList<>(order.subList(order.indexOf(cut) + 1, order.size()));
        Collections.reverse(after);
        after.forEach(builder::removeVertexAndConnections);
        return builder.setOutputs(cut).build();
    }

    /** The same graph with every layer frozen (a feature extractor whose output is {@code cut}). */
    public static ComputationGraph freeze(ComputationGraph graph, String cut) {
        return new TransferLearning.GraphBuilder(graph).setFeatureExtractor(cut).setOutputs(cut).build();
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
}
