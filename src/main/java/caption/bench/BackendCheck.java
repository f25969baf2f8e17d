package caption.bench;

import caption.data.Vocabulary;
import caption.data.shapes.ShapesGenerator;
import caption.decoder.AttendTellType;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.DecoderTypes;
import caption.decoder.ShowTellType;
import caption.encoder.Features;
import caption.kernel.Numerics;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.train.AdamOptimizer;
import caption.train.DecoderTrainer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same seeded work on whichever backend and numerics run this process, for comparing a GPU
 * build with the CPU one (scripts/gpu-check): the bundled shapes model captions generated scenes,
 * and fresh decoders of both kinds train on the scenes' features and captions from one seed,
 * without dropout (its masks come from each backend's own generator).
 */
public final class BackendCheck {

    private static final long SCENE_SEED = 20261130;
    private static final int BATCH = 32;

    private final CaptionModel shapes;
    private final List<ShapesGenerator.GeneratedScene> scenes;

    public BackendCheck(CaptionModel shapes, int sceneCount) {
        if (sceneCount < 1) {
            throw new IllegalArgumentException("scenes must be at least 1");
        }
        this.shapes = shapes;
        ShapesGenerator generator = new ShapesGenerator(SCENE_SEED);
        this.scenes = new ArrayList<>();
        for (int i = 0; i < sceneCount; i++) {
            scenes.add(generator.generate(i));
        }
    }

    /** Where it ran, then each check's figures, in order. */
    public Map<String, Object> run(int trainingSteps) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", Numerics.backendName());
        result.put("numerics", Numerics.current().name());
        List<BufferedImage> images = scenes.stream().map(ShapesGenerator.GeneratedScene::image).toList();
        shapes.caption(images.subList(0, Math.min(4, images.size())), shapes.config().search()); // warm-up
        long start = System.nanoTime();
        List<String> captions = shapes.caption(images, shapes.config().search()).stream().map(Caption::text).toList();
        result.put("captioning_images_per_s", perSecond(images.size(), start));
        result.put("captions", captions);
        Features features = shapes.encoder().encode(images);
        for (String type : List.of(ShowTellType.NAME, AttendTellType.NAME)) {
            result.put(type, train(type, features, trainingSteps));
        }
        return result;
    }

    private Map<String, Object> train(String type, Features features, int steps) {
        boolean attention = type.equals(AttendTellType.NAME);
        INDArray rows = attention ? features.gridRows() : features.pooled();
        int channels = (int) (attention ? rows.columns() / features.regions() : rows.columns());
        Vocabulary vocabulary = shapes.vocabulary();
        DecoderConfig config = attention
                ? new DecoderConfig(type, vocabulary.size(), channels, 64, 128, 0, features.regions(), 64, 1.0, 0)
                : new DecoderConfig(type, vocabulary.size(), channels, 64, 128, 0);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 1, DataType.FLOAT));
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), 1e-3, 5.0);
        double[] losses = new double[steps];
        long start = 0;
        for (int s = 0; s < steps; s++) {
            if (s == 1) {
                start = System.nanoTime(); // the first step compiles and allocates
            }
            var step = decoder.lossAndGradients(batch(s, rows.castTo(DataType.FLOAT), vocabulary), null);
            losses[s] = step.loss();
            adam.step(decoder.params(), step.gradients(), 0);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("losses", losses);
        figures.put("training_captions_per_s", steps > 1 ? perSecond((steps - 1) * BATCH, start) : 0);
        return figures;
    }

    /** Step s's captions: the next BATCH of every scene's captions, cycling through them. */
    private Batch batch(int s, INDArray rows, Vocabulary vocabulary) {
        int perScene = ShapesGenerator.CAPTIONS_PER_IMAGE;
        int total = scenes.size() * perScene;
        int[] sceneOf = new int[BATCH];
        int[][] words = new int[BATCH][];
        for (int k = 0; k < BATCH; k++) {
            int caption = (s * BATCH + k) % total;
            sceneOf[k] = caption / perScene;
            words[k] = vocabulary.encode(scenes.get(sceneOf[k]).captions().get(caption % perScene));
        }
        boolean[] ended = new boolean[BATCH];
        java.util.Arrays.fill(ended, true);
        return new Batch(Nd4j.pullRows(rows, 1, sceneOf), DecoderTrainer.tokenRows(words, ended, vocabulary),
                vocabulary.padId());
    }

    private static double perSecond(long count, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return Math.round(count / seconds * 100) / 100.0;
    }
}
