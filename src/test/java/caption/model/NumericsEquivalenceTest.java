package caption.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.ShapesGenerator;
import caption.decoder.AttendTellType;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.DecoderTypes;
import caption.decoder.LossAndGradients;
import caption.decoder.ShowTellType;
import caption.encoder.Features;
import caption.encoder.NativeGraphForward;
import caption.encoder.SqueezeNetFactory;
import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import caption.train.AdamOptimizer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same work through both numerics implementations on this CPU: training steps of both decoders
 * from one seed, the encoders' features, and the bundled shapes model's captions of 30 generated
 * scenes. Each test prints its largest difference.
 */
class NumericsEquivalenceTest {

    private static final int PAD = 0;
    private static final int STEPS = 5;

    private static <T> List<T> inBoth(Supplier<T> work) {
        List<T> results = new ArrayList<>();
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            try (NumericsChoice.Scope ignored = NumericsChoice.using(numerics)) {
                results.add(work.get());
            }
        }
        return results;
    }

    private record Trained(double[] losses, Map<String, INDArray> params) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void trainingStepsGiveTheSameLossesAndParameters(String type) {
        List<Trained> runs = inBoth(() -> train(type));
        double lossDifference = 0;
        for (int s = 0; s < STEPS; s++) {
            lossDifference = Math.max(lossDifference, Math.abs(runs.get(0).losses()[s] - runs.get(1).losses()[s]));
        }
        double paramDifference = 0;
        for (String name : runs.get(0).params().keySet()) {
            paramDifference = Math.max(paramDifference,
                    runs.get(0).params().get(name).sub(runs.get(1).params().get(name)).amaxNumber().doubleValue());
        }
        System.err.printf("numerics cpu vs nd4j, %s, %d steps: largest loss difference %.3g, parameter %.3g%n",
                type, STEPS, lossDifference, paramDifference);
        assertEquals(0, lossDifference, 1e-4, "losses");
        assertEquals(0, paramDifference, 1e-4, "parameters");
        assertTrue(runs.get(0).losses()[STEPS - 1] < runs.get(0).losses()[0], "the steps train");
    }

    /** The gradient in six captions' features (the grid's with position channels), from one seed. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void featureGradientsAreTheSame(String type) {
        List<INDArray> runs = inBoth(() -> featureGradient(type));
        double largest = runs.get(0).amaxNumber().doubleValue();
        double difference = runs.get(0).sub(runs.get(1)).amaxNumber().doubleValue();
        System.err.printf("numerics cpu vs nd4j, %s, gradient in the features: largest difference %.3g (largest value "
                + "%.3g)%n", type, difference, largest);
        assertTrue(largest > 0, "a gradient");
        assertEquals(0, difference / largest, 1e-4, "feature gradients");
    }

    private static INDArray featureGradient(String type) {
        DecoderConfig config = type.equals(AttendTellType.NAME)
                ? new DecoderConfig(type, 40, 12, 16, 24, 0.3, 9, 10, 0.5, 2)
                : new DecoderConfig(type, 40, 20, 16, 24, 0.3);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
        return decoder.lossAndFeatureGradients(batch(decoder, 3), new Random(5)).featureGradient();
    }

    /**
     * The CPU numerics give the same bits whether HotSpot has compiled them yet or not: the first
     * run in this JVM starts interpreted, the last runs compiled.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void trainingRepeatsBitForBitColdAndWarm(String type) {
        try (NumericsChoice.Scope ignored = NumericsChoice.using(Numerics.cpu())) {
            Trained first = train(type);
            Trained last = first;
            for (int run = 0; run < 40; run++) {
                last = train(type);
            }
            assertArrayEquals(first.losses(), last.losses(), "losses");
            for (String name : first.params().keySet()) {
                assertEquals(first.params().get(name), last.params().get(name), name);
            }
        }
    }

    private static Trained train(String type) {
        DecoderConfig config = type.equals(AttendTellType.NAME)
                ? new DecoderConfig(type, 40, 12, 16, 24, 0.3, 9, 10, 0.5, 0)
                : new DecoderConfig(type, 40, 20, 16, 24, 0.3);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), 0.01, 5.0);
        Random dropout = new Random(5);
        double[] losses = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            LossAndGradients step = decoder.lossAndGradients(batch(decoder, s), dropout);
            losses[s] = step.loss();
            adam.step(decoder.params(), step.gradients(), 0);
        }
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        decoder.params().asMap().forEach((name, a) -> params.put(name, a.dup()));
        return new Trained(losses, params);
    }

    /** Six captions of lengths 2 to 9 over a 40-word vocabulary, with random features. */
    private static Batch batch(CaptionDecoder decoder, int seed) {
        Random rng = new Random(seed);
        int captions = 6;
        float[] features = new float[captions * decoder.config().featureWidth()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextGaussian();
        }
        int[][] tokens = new int[captions][11];
        for (int c = 0; c < captions; c++) {
            int length = 2 + rng.nextInt(8);
            tokens[c][0] = 1;
            for (int t = 1; t <= length; t++) {
                tokens[c][t] = 3 + rng.nextInt(37);
            }
            tokens[c][length + 1] = 2;
        }
        return new Batch(Nd4j.create(features, new long[] {captions, features.length / captions}, 'c'), tokens, PAD);
    }

    private static List<BufferedImage> scenes(int count) {
        ShapesGenerator generator = new ShapesGenerator(20261130);
        return IntStream.range(0, count).mapToObj(i -> generator.generate(i).image()).toList();
    }

    @Test
    void theShapesModelsEncoderGivesTheSameFeatures() throws Exception {
        CaptionModel m = ModelFile.load(ModelRegistry.resolve("shapes"));
        List<BufferedImage> images = scenes(4);
        List<Features> features = inBoth(() -> m.encoder().encode(images));
        assertClose("shapes encoder, pooled features of 4 scenes", features.get(0).pooled(), features.get(1).pooled());
        assertClose("shapes encoder, grid features of 4 scenes", features.get(0).grid(), features.get(1).grid());
    }

    @Test
    void theWholeSqueezeNetAtPhotoSizeGivesTheSameFeatures() {
        NativeGraphForward squeezeNet = NativeGraphForward.of(
                SqueezeNetFactory.randomFeatureExtractor(227, SqueezeNetFactory.LAST_FIRE, 3));
        Nd4j.getRandom().setSeed(4);
        INDArray photos = Nd4j.rand(DataType.FLOAT, 4, 3, 227, 227).muli(255);
        List<INDArray> features = inBoth(() -> squeezeNet.output(photos));
        assertClose("SqueezeNet to fire9 at 227 px, 4 images", features.get(0), features.get(1));
    }

    private static void assertClose(String what, INDArray cpu, INDArray nd4j) {
        double scale = Math.max(1, cpu.amaxNumber().doubleValue());
        double difference = cpu.sub(nd4j).amaxNumber().doubleValue();
        System.err.printf("numerics cpu vs nd4j, %s: largest difference %.3g (largest value %.3g)%n", what, difference, scale);
        assertEquals(0, difference / scale, 1e-4, what);
    }

    @Test
    void captionsOfThirtyScenesAreIdentical() throws Exception {
        CaptionModel m = ModelFile.load(ModelRegistry.resolve("shapes"));
        List<BufferedImage> images = scenes(30);
        List<List<Caption>> runs = inBoth(() -> m.caption(images, m.config().search()));
        double logProbDifference = 0;
        for (int i = 0; i < images.size(); i++) {
            assertEquals(runs.get(0).get(i).text(), runs.get(1).get(i).text(), "scene " + i);
            logProbDifference = Math.max(logProbDifference,
                    Math.abs(runs.get(0).get(i).logProb() - runs.get(1).get(i).logProb()));
        }
        System.err.printf("numerics cpu vs nd4j, shapes model, 30 scenes: identical captions, largest log-probability "
                + "difference %.3g%n", logProbDifference);
        assertEquals(0, logProbDifference, 1e-3);
    }
}
