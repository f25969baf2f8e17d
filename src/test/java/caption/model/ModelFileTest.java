package caption.model;

import caption.decoder.ShowTellType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.Vocabulary;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.FeatureScaler;
import caption.decoder.ShowTellDecoder;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import caption.io.ZipEntries;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelFileTest {

    @TempDir
    static Path dir;

    Path valid;
    CaptionModel model;

    /** An untrained model of tiny sizes: enough to check the file format. */
    @BeforeAll
    void writeModel() throws Exception {
        PreprocessConfig p = PreprocessConfig.shapes(32);
        ImageEncoder encoder = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(32, SqueezeNetFactory.SHAPES_CUT, 1),
                new ImageEncoder.Description(p, "zoo SqueezeNet v1.1", Map.of("weights", "random")));
        Vocabulary vocabulary = Vocabulary.build(List.of("a red circle", "a blue square"), 1);
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, vocabulary.size(), 256, 8, 16, 0.0);
        float[] zeros = new float[256];
        float[] ones = new float[256];
        Arrays.fill(ones, 1f);
        model = new CaptionModel(ModelConfig.of(config, SearchSettings.defaults()), encoder,
                new FeatureScaler(zeros, ones), new ShowTellDecoder(config, DecoderParams.initialise(config, 5, DataType.FLOAT)),
                vocabulary, Provenance.note("test"));
        valid = dir.resolve("model.zip");
        ModelFile.save(model, valid);
    }

    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        return image;
    }

    @Test
    void roundTripKeepsCaptionsAndParameters() throws Exception {
        CaptionModel loaded = ModelFile.load(valid);
        SearchSettings search = new SearchSettings(3, 6, 0.7);
        assertEquals(model.caption(List.of(gradient()), search), loaded.caption(List.of(gradient()), search));
        assertEquals(model.decoder().params().asMap().keySet(), loaded.decoder().params().asMap().keySet());
        assertEquals("test", loaded.provenance().note());
        assertEquals(32, loaded.encoder().preprocess().size());
    }

    @Test
    void anEnsembleKeepsItsMembersAndFloat16HalvesTheWeights() throws Exception {
        DecoderConfig config = model.config().decoder();
        CaptionModel.Member second = new CaptionModel.Member(model.scaler(),
                new ShowTellDecoder(config, DecoderParams.initialise(config, 6, DataType.FLOAT)), Provenance.note("second"));
        SearchSettings search = new SearchSettings(3, 6, 0.7);
        for (String dtype : List.of(ModelConfig.FLOAT32, ModelConfig.FLOAT16)) {
            CaptionModel ensemble = new CaptionModel(model.config().withEnsemble(List.of(config), dtype), model.encoder(),
                    model.scaler(), model.decoder(), model.vocabulary(), model.provenance(), List.of(second));
            Path file = dir.resolve("ensemble-" + dtype + ".zip");
            ModelFile.save(ensemble, file);
            CaptionModel loaded = ModelFile.load(file);
            assertEquals(1, loaded.ensemble().size());
            assertEquals("second", loaded.ensemble().get(0).provenance().note());
            assertEquals(dtype, loaded.config().weightDtype());
            for (String name : second.decoder().params().asMap().keySet()) {
                var read = loaded.ensemble().get(0).decoder().params().get(name);
                assertEquals(DataType.FLOAT, read.dataType(), "weights are float32 in memory whatever the file keeps");
                double tolerance = dtype.equals(ModelConfig.FLOAT16) ? 1e-3 : 0;
                assertTrue(read.sub(second.decoder().params().get(name)).amaxNumber().doubleValue() <= tolerance, name);
            }
            if (dtype.equals(ModelConfig.FLOAT32)) {
                assertEquals(ensemble.caption(List.of(gradient()), search), loaded.caption(List.of(gradient()), search));
            }
        }
        long decoderBytes32 = decoderBytes(dir.resolve("ensemble-float32.zip"));
        assertEquals(decoderBytes32 / 2, decoderBytes(dir.resolve("ensemble-float16.zip")), decoderBytes32 / 50.0);
        String single = new String(ZipEntries.read(valid).get("model.json"), StandardCharsets.UTF_8);
        assertTrue(!single.contains("ensemble"), "a single model's model.json: " + single);
    }

    private static long decoderBytes(Path file) throws Exception {
        return ZipEntries.read(file).entrySet().stream().filter(e -> e.getKey().endsWith(".npy"))
                .mapToLong(e -> e.getValue().length).sum();
    }

    private String failure(Path file) {
        return assertThrows(ModelFile.ModelFileException.class, () -> ModelFile.load(file)).getMessage();
    }

    @Test
    void truncatedFileIsReportedClearly() throws Exception {
        byte[] bytes = Files.readAllBytes(valid);
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        String message = failure(truncated);
        assertTrue(message.startsWith(truncated.toString()) && message.contains("truncated or corrupt"), message);
    }

    @Test
    void nonModelFilesAreReportedClearly() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a model");
        assertTrue(failure(text).contains("not a caption model"));
        Path otherZip = dir.resolve("other.zip");
        ZipEntries.write(otherZip, Map.of("hello.txt", "hi".getBytes(StandardCharsets.UTF_8)));
        assertTrue(failure(otherZip).contains("no model.json"));
        assertTrue(failure(dir.resolve("missing.zip")).contains("no such model file"));
    }

    @Test
    void unknownFormatVersionIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(ZipEntries.read(valid));
        String config = new String(entries.get("model.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"formatVersion\"\\s*:\\s*1", "\"formatVersion\" : 99");
        entries.put("model.json", config.getBytes(StandardCharsets.UTF_8));
        Path future = dir.resolve("future.zip");
        ZipEntries.write(future, entries);
        assertTrue(failure(future).contains("model format version 99 is not supported"), failure(future));
    }
}
