package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.data.Vocabulary;
import caption.decoder.AttendTellType;
import caption.decoder.FeatureScaler;
import caption.encoder.FeatureRows;
import caption.encoder.FeatureStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Features read from a store and scaled a batch at a time train as the whole array scaled at once does. */
class ScaledRowsTest {

    private static final int IMAGES = 40;
    private static final int REGIONS = 4;
    private static final int CHANNELS = 6;
    private static final String[] WORDS = {"red", "blue", "green", "circle", "square", "cross", "small", "large"};

    @TempDir
    Path dir;

    /** Like CNN activations: non-negative, each channel with its own offset and scale. */
    private static INDArray activations() {
        Nd4j.getRandom().setSeed(11);
        INDArray grid = Nd4j.rand(DataType.FLOAT, IMAGES, REGIONS, CHANNELS);
        for (int c = 0; c < CHANNELS; c++) {
            grid.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(c)).muli(1 + 30 * c).addi(50 * c);
        }
        return grid.reshape('c', IMAGES, REGIONS * CHANNELS);
    }

    private static List<List<String>> captions() {
        Random random = new Random(5);
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            List<String> mine = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                mine.add(WORDS[random.nextInt(8)] + " " + WORDS[random.nextInt(8)] + " " + WORDS[random.nextInt(8)]);
            }
            all.add(mine);
        }
        return all;
    }

    private FeatureRows stored(INDArray all) throws Exception {
        FeatureStore.Manifest layout = new FeatureStore.Manifest(IMAGES, REGIONS * CHANNELS, REGIONS, "float32", 7,
                "test", null);
        return FeatureStore.open(dir, layout,
                (from, to) -> all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup(),
                new PrintWriter(new StringWriter()));
    }

    @Test
    void theStreamingScalerEqualsTheWholeArraysAndTrainingLossesAreTheSame() throws Exception {
        INDArray all = activations();
        FeatureScaler whole = FeatureScaler.fitChannels(all, CHANNELS);
        try (FeatureRows raw = stored(all)) {
            FeatureScaler streamed = ScaledRows.fit(raw);
            for (int c = 0; c < CHANNELS; c++) {
                assertEquals(whole.mean()[c], streamed.mean()[c], 1e-5 * Math.max(1, Math.abs(whole.mean()[c])));
                assertEquals(whole.std()[c], streamed.std()[c], 1e-5 * Math.max(1, whole.std()[c]));
            }
            List<List<String>> captions = captions();
            Vocabulary vocabulary = Vocabulary.build(captions.stream().flatMap(List::stream).toList(), 1);
            List<DecoderTrainer.Pair> pairs = DecoderTrainer.pairs(captions, vocabulary, 10);
            TrainSettings settings = new TrainSettings(2, 8, 0.01, 1.0, 5.0, 0.0, 8, 12, 1, 10, 3)
                    .withDecoder(AttendTellType.NAME, 8, 1.0, true);
            DecoderTrainer.Result inMemory = new DecoderTrainer(settings, new PrintWriter(new StringWriter()))
                    .train(FeatureRows.of(whole.apply(all), REGIONS), pairs, vocabulary);
            DecoderTrainer.Result fromStore = new DecoderTrainer(settings, new PrintWriter(new StringWriter()))
                    .train(new ScaledRows(raw, streamed), pairs, vocabulary);
            assertEquals(2, inMemory.epochLosses().size());
            for (int e = 0; e < 2; e++) {
                assertEquals(inMemory.epochLosses().get(e), fromStore.epochLosses().get(e), 1e-5);
            }
        }
    }
}
