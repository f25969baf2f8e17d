package caption.encoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.Numerics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference through a frozen convolutional graph (the SqueezeNet encoders) with libnd4j's own
 * {@code conv2d} op, which the oneDNN build runs with oneDNN, instead of DL4J's layers: the same
 * weights and results (to float rounding), 2.5-4x faster on this CPU. DL4J 1.0.0-M2.1's layers
 * never reach oneDNN (their helper check looks for a class that the release does not have) and do
 * their im2col and product through Java. A ReLU layer after a convolution is applied in place on the
 * convolution's output; max pooling is libnd4j's {@code maxpool2d} (5.3 ms for SqueezeNet's first
 * at batch 16, where a Vector API kernel took 9.0, and 112-121 ms before HotSpot had compiled it).
 * Graphs with other vertices are refused ({@link #supports}).
 */
public final class NativeGraphForward {

    /** One vertex: makes its value's array once and adds the work that computes it to a pass. */
    private interface Step {
        String name();

        INDArray prepare(Map<String, INDArray> values, List<Runnable> work);
    }

    /** What follows a convolution, applied in place on its output. */
    private enum Activation { IDENTITY, RELU, SIGMOID }

    private record Conv(String name, String input, INDArray weights, INDArray bias, long[] intArgs, Activation activation)
            implements Step {
        @Override
        public INDArray prepare(Map<String, INDArray> values, List<Runnable> work) {
            INDArray x = values.get(input);
            INDArray out = Nd4j.create(x.dataType(), outputShape(x), 'c');
            prepareInto(x, out, work);
            return out;
        }

        long[] outputShape(INDArray x) {
            DynamicCustomOp conv = customOp("conv2d", intArgs, new double[0], new INDArray[] {x, weights, bias});
            return Nd4j.getExecutioner().calculateOutputShape(conv).get(0).getShape();
        }

        void prepareInto(INDArray x, INDArray out, List<Runnable> work) {
            work.add(prepared("conv2d", intArgs, new double[0], new INDArray[] {x, weights, bias}, out));
            switch (activation) {
                case RELU -> work.add(prepared("relu", new long[0], new double[] {0}, new INDArray[] {out}, out));
                case SIGMOID -> work.add(prepared("sigmoid", new long[0], new double[0], new INDArray[] {out}, out));
                default -> { }
            }
        }
    }

    private record Relu(String name, String input) implements Step {
        @Override
        public INDArray prepare(Map<String, INDArray> values, List<Runnable> work) {
            INDArray x = values.get(input);
            INDArray out = Nd4j.create(x.dataType(), x.shape(), 'c');
            work.add(prepared("relu", new long[0], new double[] {0}, new INDArray[] {x}, out));
            return out;
        }
    }

    /** Max pooling: libnd4j's op. */
    private record MaxPool(String name, String input, long[] intArgs) implements Step {
        @Override
        public INDArray prepare(Map<String, INDArray> values, List<Runnable> work) {
            INDArray x = values.get(input);
            DynamicCustomOp pool = customOp("maxpool2d", intArgs, new double[0], new INDArray[] {x});
            INDArray out = Nd4j.create(x.dataType(), Nd4j.getExecutioner().calculateOutputShape(pool).get(0).getShape(), 'c');
            work.add(prepared("maxpool2d", intArgs, new double[0], new INDArray[] {x}, out));
            return out;
        }
    }

    private record Concat(String name, List<String> inputs) implements Step {
        @Override
        public INDArray prepare(Map<String, INDArray> values, List<Runnable> work) {
            return concatenated(inputs.stream().map(values::get).toArray(INDArray[]::new), work);
        }
    }

    /**
     * Convolutions of one input whose outputs are concatenated along the channels (a fire module's
     * expand layers): for one image each writes straight into its channels of the concatenation,
     * which are contiguous there, so the copy goes; for a batch they are concatenated as usual.
     */
    private record ConcatenatedConvs(String name, List<Conv> convs) implements Step {
        @Override
        public INDArray prepare(Map<String, INDArray> values, List<Runnable> work) {
            INDArray input = values.get(convs.get(0).input());
            if (input.size(0) != 1) {
                return concatenated(convs.stream().map(c -> c.prepare(values, work)).toArray(INDArray[]::new), work);
            }
            long[] first = convs.get(0).outputShape(input);
            long channels = convs.stream().mapToLong(c -> c.weights().size(3)).sum();
            INDArray out = Nd4j.create(input.dataType(), new long[] {1, channels, first[2], first[3]}, 'c');
            long from = 0;
            for (Conv conv : convs) {
                long to = from + conv.weights().size(3);
                conv.prepareInto(input, out.get(all(), interval(from, to), all(), all()), work);
                from = to;
            }
            return out;
        }
    }

    /**
     * A forward pass for one input shape: every array, view and op context made once, then run for
     * each input copied into its input array. Made afresh for every pass, they left ND4J bookkeeping
     * (tracked references, ids, map entries) that lived until the next collection: hundreds per pass
     * at 227 px, so each young collection copied tens of thousands of objects (24-58 ms pauses during
     * a run of forward passes).
     */
    private final class Pass {
        private final INDArray input;
        private final List<Runnable> work = new ArrayList<>();
        private final INDArray output;

        Pass(INDArray like) {
            input = Nd4j.create(like.dataType(), like.shape(), 'c');
            Map<String, INDArray> values = new HashMap<>();
            values.put(inputName, input);
            for (Step step : steps) {
                values.put(step.name(), step.prepare(values, work));
            }
            output = values.get(outputName);
        }

        boolean fits(INDArray x) {
            return x.dataType() == input.dataType() && Arrays.equals(x.shape(), input.shape());
        }

        INDArray run(INDArray x) {
            input.assign(x);
            work.forEach(Runnable::run);
            return output.dup('c');
        }
    }

    private final List<Step> steps;
    private final String inputName;
    private final String outputName;
    /** Passes not running now, for any thread; there are as many as passes ever ran at once. */
    private final Deque<Pass> idle = new ConcurrentLinkedDeque<>();

    private NativeGraphForward(List<Step> steps, String inputName, String outputName) {
        this.steps = steps;
        this.inputName = inputName;
        this.outputName = outputName;
    }

    /** Whether every vertex of {@code graph} is one this class runs (convolution, ReLU, max pooling, merge). */
    public static boolean supports(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            return false;
        }
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (unfrozen(vertex) instanceof MergeVertex) {
                continue;
            }
            if (!(vertex instanceof LayerVertex lv) || !supported(inner(lv.getLayerConf().getLayer()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean supported(Layer layer) {
        if (layer instanceof ConvolutionLayer conv) {
            return conv.getClass() == ConvolutionLayer.class && activation(conv.getActivationFn()) != null
                    && conv.getCnn2dDataFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NCHW
                    && (conv.getConvolutionMode() == ConvolutionMode.Same || conv.getConvolutionMode() == ConvolutionMode.Truncate);
        }
        if (layer instanceof ActivationLayer act) {
            return act.getActivationFn() instanceof ActivationReLU;
        }
        if (layer instanceof SubsamplingLayer pool) {
            return pool.getClass() == SubsamplingLayer.class
                    && pool.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    && (pool.getConvolutionMode() == ConvolutionMode.Same || pool.getConvolutionMode() == ConvolutionMode.Truncate);
        }
        return false;
    }

    private static Activation activation(IActivation activation) {
        if (activation instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        if (activation instanceof ActivationReLU) {
            return Activation.RELU;
        }
        return activation instanceof ActivationSigmoid ? Activation.SIGMOID : null;
    }

    private static GraphVertex unfrozen(GraphVertex vertex) {
        return vertex instanceof FrozenVertex frozen ? unfrozen(frozen.getUnderlying()) : vertex;
    }

    private static Layer inner(Layer layer) {
        return layer instanceof FrozenLayer frozen ? inner(frozen.getLayer()) : layer;
    }

    /** Compiles {@code graph} (which must be {@link #supports supported}) with its current parameters. */
    public static NativeGraphForward of(ComputationGraph graph) {
        if (!supports(graph)) {
            throw new IllegalArgumentException("the graph has vertices other than convolutions, ReLU, max pooling and merges");
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<Step> steps = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            GraphVertex vertex = unfrozen(conf.getVertices().get(name));
            if (vertex == null) {
                continue; // the network input
            }
            if (vertex instanceof MergeVertex) {
                steps.add(new Concat(name, inputs.get(name)));
                continue;
            }
            String input = inputs.get(name).get(0);
            Layer layer = inner(((LayerVertex) vertex).getLayerConf().getLayer());
            if (layer instanceof ConvolutionLayer conv) {
                // DL4J keeps [oC, iC, kH, kW]; conv2d's oneDNN path is taken for [kH, kW, iC, oC]
                INDArray weights = graph.getParam(name + "_W").permute(2, 3, 1, 0).dup('c');
                steps.add(new Conv(name, input, weights, graph.getParam(name + "_b").reshape(-1).dup(),
                        convArgs(conv), activation(conv.getActivationFn())));
            } else if (layer instanceof SubsamplingLayer pool) {
                steps.add(new MaxPool(name, input, poolArgs(pool)));
            } else {
                steps.add(new Relu(name, input));
            }
        }
        return fused(new NativeGraphForward(steps, conf.getNetworkInputs().get(0), conf.getNetworkOutputs().get(0)), inputs);
    }

    /**
     * Folds a ReLU layer into the convolution before it when nothing else reads the convolution, and
     * merged convolutions into {@link ConcatenatedConvs}.
     */
    private static NativeGraphForward fused(NativeGraphForward plan, Map<String, List<String>> inputs) {
        Map<String, Integer> readers = new HashMap<>();
        inputs.values().forEach(list -> list.forEach(in -> readers.merge(in, 1, Integer::sum)));
        Map<String, Conv> convs = new HashMap<>();
        List<Step> out = new ArrayList<>();
        for (Step step : plan.steps) {
            if (step instanceof Relu relu && convs.containsKey(relu.input()) && readers.get(relu.input()) == 1
                    && !relu.input().equals(plan.outputName) && convs.get(relu.input()).activation() != Activation.SIGMOID) {
                Conv conv = convs.get(relu.input());
                out.set(out.indexOf(conv),
                        new Conv(relu.name(), conv.input(), conv.weights(), conv.bias(), conv.intArgs(), Activation.RELU));
                continue;
            }
            if (step instanceof Conv conv) {
                convs.put(conv.name(), conv);
            }
            out.add(step);
        }
        return new NativeGraphForward(concatenatedConvs(out, readers, plan.outputName), plan.inputName, plan.outputName);
    }

    /** Replaces a merge of convolutions of one input, read by nothing else, with {@link ConcatenatedConvs}. */
    private static List<Step> concatenatedConvs(List<Step> steps, Map<String, Integer> readers, String outputName) {
        Map<String, Conv> convs = new HashMap<>();
        steps.stream().filter(Conv.class::isInstance).map(Conv.class::cast).forEach(c -> convs.put(c.name(), c));
        List<Step> out = new ArrayList<>();
        java.util.Set<String> merged = new java.util.HashSet<>();
        for (Step step : steps) {
            if (step instanceof Concat concat && concat.inputs().stream().allMatch(in -> convs.containsKey(in)
                    && readers.getOrDefault(in, 0) == 1 && !in.equals(outputName)
                    && convs.get(in).input().equals(convs.get(concat.inputs().get(0)).input()))) {
                List<Conv> parts = concat.inputs().stream().map(convs::get).toList();
                parts.forEach(c -> merged.add(c.name()));
                out.add(new ConcatenatedConvs(concat.name(), parts));
            } else {
                out.add(step);
            }
        }
        out.removeIf(step -> step instanceof Conv conv && merged.contains(conv.name()));
        return out;
    }

    /**
     * libnd4j's integer arguments of conv2d and maxpool2d, which begin alike: kH kW sH sW pH pW dH dW
     * paddingMode (0 valid, 1 same); then 0, 0: for conv2d dataFormat (NCHW) and weightsFormat
     * ([kH, kW, iC, oC]), for maxpool2d an unused parameter and dataFormat (NCHW).
     */
    private static long[] opArgs(int[] k, int[] s, int[] p, int[] d, ConvolutionMode mode) {
        boolean same = mode == ConvolutionMode.Same;
        return new long[] {k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], d[0], d[1], same ? 1 : 0, 0, 0};
    }

    private static long[] convArgs(ConvolutionLayer conv) {
        return opArgs(conv.getKernelSize(), conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getConvolutionMode());
    }

    private static long[] poolArgs(SubsamplingLayer pool) {
        return opArgs(pool.getKernelSize(), pool.getStride(), pool.getPadding(), pool.getDilation(), pool.getConvolutionMode());
    }

    /** The graph's output for input [n, C, H, W]. */
    public INDArray output(INDArray input) {
        int n = (int) input.size(0);
        if (n == 1) {
            return run(input);
        }
        // On the CPU, parts of the batch run side by side, one per core at a time, each on one OpenMP
        // thread: oneDNN gains little from a second thread at these sizes (a batch of 8 at 227 px:
        // 14.4 ms per image with two, 16.2 for one image with one). Parts of one image take the
        // fire modules' direct writes (ConcatenatedConvs): a batch of 8 at 8.6-11.0 ms per image as
        // eight parts of one against 21.2-27.3 as two parts of four, measured in turn on one idle
        // machine. OpenMP's thread count is each thread's own.
        int parts = Numerics.current().encoderBatchParts(n);
        if (parts <= 1) {
            return run(input);
        }
        INDArray[] outputs = new INDArray[parts];
        IntStream.range(0, parts).parallel().forEach(i -> outputs[i] = run(
                input.get(interval((long) n * i / parts, (long) n * (i + 1) / parts), all(), all(), all())));
        INDArray out = Nd4j.concat(0, outputs);
        Arrays.stream(outputs).forEach(INDArray::close);
        return out;
    }

    private INDArray run(INDArray input) {
        Pass pass = idle.pollFirst();
        if (pass != null && !pass.fits(input)) {
            idle.clear(); // another input size: the planned passes go
            pass = null;
        }
        if (pass == null) {
            pass = new Pass(input);
        }
        try {
            return pass.run(input);
        } finally {
            idle.addFirst(pass);
        }
    }

    private static DynamicCustomOp customOp(String op, long[] intArgs, double[] tArgs, INDArray[] inputs) {
        return DynamicCustomOp.builder(op).addInputs(inputs).addFloatingPointArguments(Arrays.stream(tArgs).boxed().toArray(Double[]::new))
                .addIntegerArguments(Arrays.stream(intArgs).mapToInt(Math::toIntExact).toArray()).build();
    }

    /** The array of {@code parts} concatenated along the channels, and the work that fills it. */
    private static INDArray concatenated(INDArray[] parts, List<Runnable> work) {
        long[] shape = parts[0].shape().clone();
        shape[1] = Arrays.stream(parts).mapToLong(a -> a.size(1)).sum();
        INDArray out = Nd4j.create(parts[0].dataType(), shape, 'c');
        work.add(prepared("concat", new long[] {1}, new double[0], parts, out));
        return out;
    }

    /** libnd4j's op {@code op} from {@code inputs} into {@code output}, with its context made once. */
    private static Runnable prepared(String op, long[] intArgs, double[] tArgs, INDArray[] inputs, INDArray output) {
        DynamicCustomOp custom = customOp(op, intArgs, tArgs, inputs);
        custom.addOutputArgument(output);
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(inputs);
        context.setOutputArrays(output);
        context.setIArguments(intArgs);
        context.setTArguments(tArgs);
        return () -> Nd4j.getExecutioner().exec(custom, context);
    }
}
