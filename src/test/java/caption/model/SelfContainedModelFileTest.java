package caption.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.Vocabulary;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.FeatureScaler;
import caption.decoder.ShowTellDecoder;
import caption.decoder.ShowTellType;
import caption.encoder.EncoderFile;
import caption.encoder.ImageEncoder;
import caption.encoder.ImageNetEncoder;
import caption.encoder.ImageNetWeights;
import caption.io.Json;
import caption.io.ZipEntries;
import caption.search.SearchSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model file with an ImageNet encoder captions with no SqueezeNet weights file reachable: the
 * cache is an empty folder and the weights property names a file that does not exist, so any
 * attempt to resolve the weights fails instead of finding or downloading them.
 */
class SelfContainedModelFileTest {

    private static final Path BUNDLED = Path.of("pretrained", "flickr8k-show-tell.zip");
    private static final Path WEIGHTS = Path.of("..", "shared", "data", "weights", ImageNetWeights.FILE_NAME);
    private static final String ENCODER_JSON = ModelFile.ENCODER_DIR + EncoderFile.DESCRIPTION_ENTRY;
    private static final String GRAPH_ZIP = ModelFile.ENCODER_DIR + EncoderFile.GRAPH_ENTRY;

    @TempDir
    Path dir;

    private String home;

    @BeforeEach
    void noWeightsReachable() throws IOException {
        Assumptions.assumeTrue(System.getenv(ImageNetWeights.ENVIRONMENT) == null,
                "skipped: " + ImageNetWeights.ENVIRONMENT + " names weights, which a test cannot unset");
        home = System.getProperty("user.home");
        // JavaCPP fixes its cache folder from user.home on first use: let it do so at the real home,
        // or every later test in this JVM looks for native libraries in this test's deleted folder
        Loader.getCacheDir();
        System.setProperty("user.home", dir.resolve("empty-home").toString());
        System.setProperty(ImageNetWeights.PROPERTY, dir.resolve("no-such-weights.h5").toString());
    }

    @AfterEach
    void restore() {
        if (home != null) {
            System.setProperty("user.home", home);
        }
        System.clearProperty(ImageNetWeights.PROPERTY);
    }

    @Test
    void theBundledPhotoModelCaptionsOnItsOwn() throws IOException {
        Map<String, byte[]> entries = ZipEntries.read(BUNDLED);
        assertTrue(entries.containsKey(GRAPH_ZIP), BUNDLED + " carries its encoder's graph");
        CaptionModel model = ModelFile.load(BUNDLED);
        ImageEncoder.Description encoder = model.encoder().description();
        assertNull(encoder.externalWeights());
        assertEquals(ImageNetWeights.SHA256, encoder.provenance().get("sha256"));
        assertTrue(encoder.provenance().get("weights").toString().contains("MIT"), encoder.provenance().toString());
        Caption caption = model.caption(List.of(photo()), SearchSettings.defaults()).get(0);
        assertFalse(caption.text().isBlank(), "a caption: '" + caption.text() + "'");
    }

    /** The same file less its graph, naming the weights instead, shows that nothing else was found. */
    @Test
    void aFileNamingTheWeightsNeedsThemAndTheRepackCarriesThem() throws IOException {
        Path naming = withoutGraph(BUNDLED);
        String message = assertThrows(IOException.class, () -> ModelFile.load(naming)).getMessage();
        assertTrue(message.contains("no such weights file"), message);

        Assumptions.assumeTrue(Files.isRegularFile(WEIGHTS), "skipped (repack): " + WEIGHTS + " is absent");
        System.setProperty(ImageNetWeights.PROPERTY, WEIGHTS.toString());
        Path repacked = dir.resolve("repacked.zip");
        CaptionModel resolved = ModelFile.repack(naming, repacked);
        System.setProperty(ImageNetWeights.PROPERTY, dir.resolve("no-such-weights.h5").toString());
        CaptionModel alone = ModelFile.load(repacked);
        assertArrayEquals(resolved.encoder().graph().params().toFloatVector(),
                alone.encoder().graph().params().toFloatVector());
        assertEquals(resolved.caption(List.of(photo()), SearchSettings.defaults()),
                alone.caption(List.of(photo()), SearchSettings.defaults()));
        Map<String, byte[]> before = ZipEntries.read(naming);
        Map<String, byte[]> after = ZipEntries.read(repacked);
        for (String name : before.keySet()) {
            if (!name.startsWith(ModelFile.ENCODER_DIR)) {
                assertArrayEquals(before.get(name), after.get(name), name + " is copied as it is");
            }
        }
        assertTrue(after.containsKey(GRAPH_ZIP));
        assertFalse(new String(after.get(ENCODER_JSON)).contains("externalWeights"));
    }

    /** The writer: a model trained on the ImageNet weights keeps them, bit for bit. */
    @Test
    void aModelWrittenWithImageNetWeightsCarriesThem() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(WEIGHTS), "skipped: " + WEIGHTS + " is absent");
        ImageEncoder encoder = ImageNetEncoder.load(WEIGHTS, null);
        CaptionModel model = untrained(encoder);
        Path file = dir.resolve("imagenet-model.zip");
        ModelFile.save(model, file);

        CaptionModel loaded = ModelFile.load(file);
        assertArrayEquals(encoder.graph().params().toFloatVector(), loaded.encoder().graph().params().toFloatVector());
        assertEquals(encoder.description().provenance(), loaded.encoder().description().provenance());
        assertEquals("--encoder-weights", loaded.encoder().description().provenance().get("source"));
        SearchSettings search = new SearchSettings(3, 6, 0.7);
        assertEquals(model.caption(List.of(photo()), search), loaded.caption(List.of(photo()), search));
    }

    private static CaptionModel untrained(ImageEncoder encoder) {
        Vocabulary vocabulary = Vocabulary.build(List.of("a dog runs", "a child plays"), 1);
        int features = 512;
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, vocabulary.size(), features, 8, 16, 0.0);
        float[] ones = new float[features];
        Arrays.fill(ones, 1f);
        return new CaptionModel(ModelConfig.of(config, SearchSettings.defaults()), encoder,
                new FeatureScaler(new float[features], ones),
                new ShowTellDecoder(config, DecoderParams.initialise(config, 5, DataType.FLOAT)),
                vocabulary, Provenance.note("test"));
    }

    /** The model file as it would be without its graph: the encoder description names the weights. */
    private Path withoutGraph(Path model) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(ZipEntries.read(model));
        entries.remove(GRAPH_ZIP);
        ObjectNode description = (ObjectNode) Json.MAPPER.readTree(entries.get(ENCODER_JSON));
        description.put("externalWeights", ImageNetEncoder.WEIGHTS_ID);
        entries.put(ENCODER_JSON, Json.MAPPER.writeValueAsBytes(description));
        Path file = dir.resolve("naming-weights.zip");
        ZipEntries.write(file, entries);
        return file;
    }

    /** A photo-like picture: a sky over a green field with a dark figure. */
    private static BufferedImage photo() {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                boolean figure = Math.abs(x - 150) < 15 && y > 80 && y < 160;
                int rgb = figure ? 0x302820 : y < 100 ? 0x80B0E0 - (y / 4 << 8) : 0x408030 + (x % 7 << 16);
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
