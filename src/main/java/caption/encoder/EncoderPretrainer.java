package caption.encoder;

import caption.data.shapes.SceneLabels;
import caption.data.shapes.ShapesGenerator;
import caption.image.ImagePreprocessor;
import caption.image.PreprocessConfig;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
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
 * Pretrains the zoo SqueezeNet on generated shape scenes (no ImageNet weights exist for them): a
 * multi-label task over which (colour, shape, size) kinds occur, once or twice, and how many
 * objects there are. The trained network is then frozen and used as the captioner's encoder.
 */
public final class EncoderPretrainer {

    /** Settings of one pretraining run; all of them go into the encoder's provenance. */
    public record Settings(long seed, int trainScenes, int validationScenes, int epochs, int batchSize,
            double learningRate, PreprocessConfig preprocess) {
        public Settings {
            if (trainScenes < 1 || validationScenes < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("scene counts, epochs and batch size must be positive");
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be positive");
            }
        }
    }

    /** Validation figures after the last epoch. */
    public record Result(ComputationGraph network, double labelAccuracy, double exactMatch, double seconds) {}

    private final Settings settings;
    private final PrintWriter log;

    public EncoderPretrainer(Settings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() {
        long start = System.nanoTime();
        ImagePreprocessor preprocessor = new ImagePreprocessor(settings.preprocess());
        // Validation scenes come from another seed so they never repeat a training scene.
        DataSet train = scenes(preprocessor, settings.seed(), settings.trainScenes());
        DataSet validation = scenes(preprocessor, settings.seed() + 1_000_003L, settings.validationScenes());
        ComputationGraph net = SqueezeNetFactory.multiLabel(settings.preprocess().size(), SceneLabels.COUNT,
                settings.seed(), settings.learningRate());
        Random order = new Random(settings.seed());
        double[] figures = {0, 0};
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            double loss = trainEpoch(net, train, order);
            figures = evaluate(net, validation);
            log.printf("encoder epoch %d/%d: loss %.4f, validation label accuracy %.4f, exact match %.4f (%.0f s)%n",
                    epoch, settings.epochs(), loss, figures[0], figures[1], (System.nanoTime() - start) / 1e9);
            log.flush();
        }
        return new Result(net, figures[0], figures[1], (System.nanoTime() - start) / 1e9);
    }

    private double trainEpoch(ComputationGraph net, DataSet data, Random order) {
        int n = data.numExamples();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        java.util.Collections.shuffle(indices, order);
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < n; from += settings.batchSize()) {
            int[] rows = indices.subList(from, Math.min(n, from + settings.batchSize()))
                    .stream().mapToInt(Integer::intValue).toArray();
            INDArray x = data.getFeatures().get(new SpecifiedIndex(rows), NDArrayIndex.all(),
                    NDArrayIndex.all(), NDArrayIndex.all());
            INDArray y = data.getLabels().get(new SpecifiedIndex(rows), NDArrayIndex.all());
            net.fit(new DataSet(x, y));
            lossSum += net.score();
            batches++;
        }
        return lossSum / batches;
    }

    /** Per-label accuracy and the share of scenes whose labels are all right. */
    static double[] evaluate(ComputationGraph net, DataSet data) {
        int n = data.numExamples();
        long correctLabels = 0;
        long exact = 0;
        int batch = 64;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            INDArray x = data.getFeatures().get(NDArrayIndex.interval(from, to));
            INDArray y = data.getLabels().get(NDArrayIndex.interval(from, to));
            INDArray predicted = net.outputSingle(false, x).gt(0.5).castTo(DataType.FLOAT);
            INDArray agree = predicted.eq(y).castTo(DataType.FLOAT);
            correctLabels += agree.sumNumber().longValue();
            exact += agree.min(1).sumNumber().longValue();
        }
        return new double[] {correctLabels / (double) (n * data.getLabels().size(1)), exact / (double) n};
    }

    private static DataSet scenes(ImagePreprocessor preprocessor, long seed, int count) {
        ShapesGenerator generator = new ShapesGenerator(seed);
        List<BufferedImage> images = new ArrayList<>();
        float[][] labels = new float[count][];
        for (int i = 0; i < count; i++) {
            ShapesGenerator.GeneratedScene scene = generator.generate(i);
            images.add(scene.image());
            labels[i] = SceneLabels.of(scene.scene());
        }
        return new DataSet(preprocessor.batch(images), Nd4j.create(labels));
    }
}
