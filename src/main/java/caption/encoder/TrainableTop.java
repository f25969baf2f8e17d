package caption.encoder;

import caption.kernel.Numerics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A SqueezeNet encoder split for fine-tuning: a frozen bottom, whose grids the feature store keeps
 * once, and the trainable fire blocks from {@code trainableFrom} to the cut, run forward and
 * backward by DL4J on the stored grids (the helper DL4J's transfer learning gives for this). Rows are
 * grids as the store keeps them: positions side by side, channels last.
 */
public final class TrainableTop {

    private final ImageEncoder original;
    private final ImageEncoder bottom;
    private final ComputationGraph top;
    private final String trainableFrom;
    private final long inputChannels;

    private TrainableTop(ImageEncoder original, ImageEncoder bottom, ComputationGraph top, String trainableFrom) {
        this.original = original;
        this.bottom = bottom;
        this.top = top;
        this.trainableFrom = trainableFrom;
        this.inputChannels = ((ConvolutionLayer) top.getLayer(trainableFrom + "_sq1x1").conf().getLayer()).getNIn();
    }

    /** Splits a SqueezeNet encoder cut after fire9 before {@code trainableFrom} (fire7, fire8 or fire9). */
    public static TrainableTop split(ImageEncoder encoder, String trainableFrom) {
        String cut = SqueezeNetFactory.LAST_FIRE;
        requireTrainable(trainableFrom);
        int size = encoder.preprocess().size();
        ComputationGraph trainable;
        try {
            trainable = SqueezeNetFactory.trainableCopy(encoder.graph(), size, cut);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("only a SqueezeNet encoder cut after " + cut + " can be fine-tuned: "
                    + e.getMessage());
        }
        String boundary = trainable.getConfiguration().getVertexInputs().get(trainableFrom + "_sq1x1").get(0);
        ComputationGraph frozenBelow = new TransferLearning.GraphBuilder(trainable).setFeatureExtractor(boundary).build();
        // the CPU numerics run its convolutions forward and backward through oneDNN
        ComputationGraph top = Numerics.current().forTraining(new TransferLearningHelper(frozenBelow).unfrozenGraph());
        ComputationGraph bottomGraph = SqueezeNetFactory.freeze(SqueezeNetFactory.cutAfter(trainable, boundary), boundary);
        ImageEncoder.Description d = encoder.description();
        ImageEncoder bottom = new ImageEncoder(bottomGraph, new ImageEncoder.Description(d.preprocess(),
                d.architecture() + "; frozen part below " + trainableFrom, d.provenance()));
        return new TrainableTop(encoder, bottom, top, trainableFrom);
    }

    /** Fails unless {@code block} is one the training may start from: fire7, fire8 or fire9. */
    public static void requireTrainable(String block) {
        if (!block.matches("fire[789]")) {
            throw new IllegalArgumentException("the trainable blocks start at fire7, fire8 or fire9, not " + block);
        }
    }

    /** The frozen part below the trainable blocks: its grids are what the store keeps. */
    public ImageEncoder bottom() {
        return bottom;
    }

    /** Channels of the top's output grid. */
    public long outputChannels() {
        return SqueezeNetFactory.channels(SqueezeNetFactory.LAST_FIRE);
    }

    /** The trainable layers' names, in order. */
    public List<String> layers() {
        return Arrays.stream(top.getLayers())
                .filter(l -> l.numParams() > 0).map(l -> l.conf().getLayer().getLayerName()).toList();
    }

    /** Every trainable parameter, one flat view: Adam updates it in place. */
    public INDArray params() {
        return top.params();
    }

    /**
     * The top's grids of the bottom's rows [n, positions * C_in] as rows [n, positions * C_out]; the
     * activations stay in the graph for the {@link #backward} that follows.
     */
    public INDArray forward(INDArray bottomRows) {
        Map<String, INDArray> activations = top.feedForward(inputs(toGrid(bottomRows, inputChannels)), true, false);
        return toRows(activations.get(top.getConfiguration().getNetworkOutputs().get(0)));
    }

    /** The gradient of the top's parameters (a flat view) from the gradient in its last output rows. */
    public INDArray backward(INDArray outputRowsGradient) {
        return top.backpropGradient(toGrid(outputRowsGradient, SqueezeNetFactory.channels(SqueezeNetFactory.LAST_FIRE)))
                .gradient();
    }

    /**
     * The top's inputs from the bottom's map: DL4J's helper feeds the two ReLU layers the boundary's
     * merge concatenates (expand 1x1's channels, then expand 3x3's), not the merged map.
     */
    private INDArray[] inputs(INDArray grid) {
        List<String> names = top.getConfiguration().getNetworkInputs();
        long half = grid.size(1) / 2;
        INDArray[] inputs = new INDArray[names.size()];
        for (int i = 0; i < inputs.length; i++) {
            String name = names.get(i);
            inputs[i] = name.endsWith("exp1x1") ? grid.get(all(), interval(0, half), all(), all()).dup('c')
                    : name.endsWith("exp3x3") ? grid.get(all(), interval(half, grid.size(1)), all(), all()).dup('c')
                    : grid;
        }
        return inputs;
    }

    /** Rows of square grids, channels last, as [n, C, side, side]. */
    private static INDArray toGrid(INDArray rows, long channels) {
        long n = rows.size(0);
        int side = (int) Math.round(Math.sqrt(rows.size(1) / (double) channels));
        if (side * side * channels != rows.size(1)) {
            throw new IllegalArgumentException("rows of " + rows.size(1) + " floats are no square grids of " + channels
                    + " channels");
        }
        return rows.reshape('c', n, side, side, channels).permute(0, 3, 1, 2).dup('c');
    }

    private static INDArray toRows(INDArray nchw) {
        long n = nchw.size(0);
        return nchw.permute(0, 2, 3, 1).dup('c').reshape('c', n, nchw.size(1) * nchw.size(2) * nchw.size(3));
    }

    /**
     * The whole encoder with the trained blocks' weights, frozen, with {@code provenance} added: what
     * the model file carries.
     */
    public ImageEncoder merged(Map<String, Object> provenance) {
        ComputationGraph graph = original.graph().clone();
        SqueezeNetFactory.copyMatchingLayers(top, graph);
        Map<String, Object> all = new LinkedHashMap<>(original.description().provenance());
        all.putAll(provenance);
        ImageEncoder.Description d = original.description();
        return new ImageEncoder(graph, new ImageEncoder.Description(d.preprocess(), d.architecture(), all,
                d.externalWeights(), d.poolRegions(), d.poolMax()));
    }
}
