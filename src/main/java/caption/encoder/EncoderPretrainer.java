package caption.encoder;

import caption.data.shapes.SceneGridLabels;
import caption.data.shapes.SceneObject;
import caption.data.shapes.ShapesGenerator;
import caption.image.ImagePreprocessor;
import caption.image.PreprocessConfig;
import caption.kernel.Numerics;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Pretrains the zoo SqueezeNet on generated shape scenes (no ImageNet weights exist for them): in
 * every cell of its feature grid it predicts whether an object's centre lies there and that
 * object's colour, shape and size ({@link SceneGridLabels}). The trained network is then cut at the
 * grid, frozen and used as the captioner's encoder.
 */
public final class EncoderPretrainer {

    /** Scenes preprocessed at once; their images are let go after each chunk. */
    private static final int PREPROCESS_CHUNK = 500;

    /**
     * Settings of one pretraining run; all of them go into the encoder's provenance. {@code startedFrom}
     * names the encoder file the run continued or was initialised from (null: random weights).
     */
    public record Settings(long seed, int trainScenes, int validationScenes, int epochs, int batchSize,
            double learningRate, double learningRateDecay, PreprocessConfig preprocess, String cut,
            String startedFrom) {
        public Settings {
            if (trainScenes < 1 || validationScenes < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("scene counts, epochs and batch size must be positive");
            }
            if (!(learningRate > 0) || !(learningRateDecay > 0 && learningRateDecay <= 1)) {
                throw new IllegalArgumentException("learning rate must be positive and its decay in (0, 1]");
            }
            SqueezeNetFactory.channels(cut);
        }

        /** Settings of a run that starts from random weights. */
        public Settings(long seed, int trainScenes, int validationScenes, int epochs, int batchSize,
                double learningRate, double learningRateDecay, PreprocessConfig preprocess, String cut) {
            this(seed, trainScenes, validationScenes, epochs, batchSize, learningRate, learningRateDecay,
                    preprocess, cut, null);
        }
    }

    /** Validation figures after the last epoch: the share of objects whose attributes are right. */
    public record Result(ComputationGraph network, Accuracy validation, double seconds) {}

    /** Per-object accuracy of the attributes read at each object's grid cell. */
    public record Accuracy(double colour, double shape, double size, double allThree) {}

    private record Split(DataSet data, List<List<SceneObject>> objects) {}

    private final Settings settings;
    private final ComputationGraph startingTrunk;
    private final ComputationGraph initialWeights;
    private final PrintWriter log;

    /** A run from random weights. */
    public EncoderPretrainer(Settings settings, PrintWriter log) {
        this(settings, null, log);
    }

    /**
     * A run whose layers, head included, start from the same-named layers of {@code initialWeights}
     * (an encoder file's graph of any input size and cut), the others from random weights.
     */
    public static EncoderPretrainer initialisedFrom(Settings settings, ComputationGraph initialWeights,
            PrintWriter log) {
        return new EncoderPretrainer(settings, null, initialWeights, log);
    }

    /**
     * A run that trains {@code startingTrunk} further (a trainable SqueezeNet up to the cut, e.g.
     * {@link SqueezeNetFactory#trainableCopy}) under a new head, or only that head when the trunk is
     * frozen (an encoder file's graph); null starts from random weights.
     */
    public EncoderPretrainer(Settings settings, ComputationGraph startingTrunk, PrintWriter log) {
        this(settings, startingTrunk, null, log);
    }

    private EncoderPretrainer(Settings settings, ComputationGraph startingTrunk, ComputationGraph initialWeights,
            PrintWriter log) {
        this.settings = settings;
        this.startingTrunk = startingTrunk;
        this.initialWeights = initialWeights;
        this.log = log;
    }

    public Result run() {
        long start = System.nanoTime();
        ComputationGraph trunk = startingTrunk != null ? startingTrunk
                : SqueezeNetFactory.truncated(settings.preprocess().size(), settings.cut(), settings.seed());
        ComputationGraph net = SqueezeNetFactory.withGridHead(trunk, settings.cut(),
                SceneGridLabels.CHANNELS, settings.seed(), settings.learningRate());
        if (initialWeights != null) {
            SqueezeNetFactory.copyMatchingLayers(initialWeights, net);
        }
        Numerics.current().forTraining(net);
        int grid = gridSize(net);
        ImagePreprocessor preprocessor = new ImagePreprocessor(settings.preprocess());
        // Validation scenes come from another seed so they never repeat a training scene.
        Split train = scenes(preprocessor, settings.seed(), settings.trainScenes(), grid);
        Split validation = scenes(preprocessor, settings.seed() + 1_000_003L, settings.validationScenes(), grid);
        Random order = new Random(settings.seed());
        Accuracy accuracy = null;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            net.setLearningRate(settings.learningRate() * Math.pow(settings.learningRateDecay(), epoch - 1));
            double loss = trainEpoch(net, train.data(), order);
            accuracy = evaluate(net, validation, grid);
            log.printf("encoder epoch %d/%d: loss %.4f, validation colour %.3f shape %.3f size %.3f all %.3f (%.0f s)%n",
                    epoch, settings.epochs(), loss, accuracy.colour(), accuracy.shape(), accuracy.size(),
                    accuracy.allThree(), (System.nanoTime() - start) / 1e9);
            log.flush();
        }
        return new Result(net, accuracy, (System.nanoTime() - start) / 1e9);
    }

    private int gridSize(ComputationGraph net) {
        int size = settings.preprocess().size();
        return (int) net.outputSingle(false, Nd4j.zeros(1, 3, size, size)).size(2);
    }

    private double trainEpoch(ComputationGraph net, DataSet data, Random order) {
        int n = data.numExamples();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, order);
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < n; from += settings.batchSize()) {
            int[] rows = indices.subList(from, Math.min(n, from + settings.batchSize()))
                    .stream().mapToInt(Integer::intValue).toArray();
            net.fit(new DataSet(rows4d(data.getFeatures(), rows), rows4d(data.getLabels(), rows)));
            lossSum += net.score();
            batches++;
        }
        return lossSum / batches;
    }

    private static INDArray rows4d(INDArray array, int[] rows) {
        return array.get(new SpecifiedIndex(rows), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Reads each object's colour, shape and size as the most probable label at its centre's cell. */
    static Accuracy evaluate(ComputationGraph net, Split split, int grid) {
        int objects = 0;
        int colour = 0;
        int shape = 0;
        int size = 0;
        int all = 0;
        int batch = 64;
        INDArray features = split.data().getFeatures();
        for (int from = 0; from < split.objects().size(); from += batch) {
            int to = Math.min(split.objects().size(), from + batch);
            INDArray p = net.outputSingle(false, features.get(NDArrayIndex.interval(from, to)));
            for (int i = from; i < to; i++) {
                for (SceneObject o : split.objects().get(i)) {
                    int row = SceneGridLabels.cell(o.cy(), grid);
                    int column = SceneGridLabels.cell(o.cx(), grid);
                    boolean c = argmax(p, i - from, SceneGridLabels.FIRST_COLOUR, SceneGridLabels.FIRST_SHAPE, row, column)
                            == o.colourKind().ordinal();
                    boolean s = argmax(p, i - from, SceneGridLabels.FIRST_SHAPE, SceneGridLabels.FIRST_SIZE, row, column)
                            == o.shapeKind().ordinal();
                    boolean z = argmax(p, i - from, SceneGridLabels.FIRST_SIZE, SceneGridLabels.CHANNELS, row, column)
                            == o.sizeKind().ordinal();
                    objects++;
                    colour += c ? 1 : 0;
                    shape += s ? 1 : 0;
                    size += z ? 1 : 0;
                    all += c && s && z ? 1 : 0;
                }
            }
        }
        double n = objects;
        return new Accuracy(colour / n, shape / n, size / n, all / n);
    }

    private static int argmax(INDArray p, int example, int from, int to, int row, int column) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = from; c < to; c++) {
            double value = p.getDouble(example, c, row, column);
            if (value > bestValue) {
                bestValue = value;
                best = c - from;
            }
        }
        return best;
    }

    /** Scenes are preprocessed a chunk at a time so that only their network input stays in memory. */
    private static Split scenes(ImagePreprocessor preprocessor, long seed, int count, int grid) {
        int size = preprocessor.config().size();
        ShapesGenerator generator = new ShapesGenerator(seed);
        INDArray inputs = Nd4j.create(DataType.FLOAT, count, 3, size, size);
        List<List<SceneObject>> objects = new ArrayList<>();
        float[][][][] labels = new float[count][][][];
        List<BufferedImage> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShapesGenerator.GeneratedScene scene = generator.generate(i);
            chunk.add(scene.image());
            objects.add(scene.scene().objects());
            labels[i] = SceneGridLabels.of(scene.scene(), grid);
            if (chunk.size() == PREPROCESS_CHUNK || i == count - 1) {
                inputs.get(NDArrayIndex.interval(i + 1 - chunk.size(), i + 1)).assign(preprocessor.batch(chunk));
                chunk.clear();
            }
        }
        return new Split(new DataSet(inputs, Nd4j.create(labels)), objects);
    }
}
