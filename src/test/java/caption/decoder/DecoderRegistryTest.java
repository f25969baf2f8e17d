package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.search.SearchSettings;
import caption.train.CaptionTraining;
import caption.train.TrainSettings;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of decoder types, and a decoder added as one class ({@link BigramDecoderType}, a test
 * fixture registered through {@code META-INF/services}) trained, saved, loaded and captioning
 * without any other class knowing it.
 */
class DecoderRegistryTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltInTypesComeFirstAndOwnTheirFeatures() {
        assertEquals(List.of(ShowTellType.NAME, AttendTellType.NAME), DecoderTypes.names().subList(0, 2));
        assertEquals(DecoderType.FeatureInput.POOLED, DecoderTypes.named(ShowTellType.NAME).input());
        assertEquals(DecoderType.FeatureInput.GRID, DecoderTypes.named(AttendTellType.NAME).input());
        assertTrue(DecoderTypes.named(AttendTellType.NAME).attends());
        assertFalse(DecoderTypes.named(ShowTellType.NAME).attends());
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecoderConfig("transformer", 10, 4, 4, 4, 0.0));
        assertTrue(e.getMessage().contains("show-tell, show-attend-tell"), e.getMessage());
    }

    @Test
    void eachTypeChecksItsOwnSettings() {
        DecoderConfig noRegions = new DecoderConfig(AttendTellType.NAME, 10, 4, 4, 4, 0.0);
        DecoderParams params = new DecoderParams(Map.of());
        assertThrows(IllegalArgumentException.class, () -> DecoderTypes.create(noRegions, params));
        DecoderConfig positions = new DecoderConfig(ShowTellType.NAME, 10, 4, 4, 4, 0.0, 0, 0, 0, 2);
        assertThrows(IllegalArgumentException.class, () -> DecoderTypes.create(positions, params));
    }

    @Test
    void aDecoderAddedAsOneClassTrainsSavesAndCaptions() throws Exception {
        Path split = dir.resolve("split");
        ShapesSplitWriter.write(split, 5, 30);
        CaptionDataset data = CaptionDataset.load(split);
        TrainSettings settings = new TrainSettings(3, 30, 0.05, 1.0, 5.0, 0.0, 8, 8, 1, 12, 1)
                .withDecoder(BigramDecoderType.NAME, 1, 0, false);
        CaptionModel model = new CaptionTraining(settings, new PrintWriter(new StringWriter()))
                .train(data, randomEncoder());
        assertInstanceOf(BigramDecoderType.Bigram.class, model.decoder());
        Path file = dir.resolve("bigram.zip");
        ModelFile.save(model, file);
        CaptionModel loaded = ModelFile.load(file);
        assertEquals(BigramDecoderType.NAME, loaded.config().decoder().type());
        BufferedImage image = ImageIO.read(data.images().get(0).path().toFile());
        String caption = loaded.caption(List.of(image), SearchSettings.defaults()).get(0).text();
        assertEquals(model.caption(List.of(image), SearchSettings.defaults()).get(0).text(), caption);
        assertFalse(caption.isBlank());
        assertTrue(model.provenance().epochLosses().get(2) < model.provenance().epochLosses().get(0),
                "training lowers the loss: " + model.provenance().epochLosses());
    }

    private static ImageEncoder randomEncoder() {
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 7),
                new ImageEncoder.Description(PreprocessConfig.shapes(64), "zoo SqueezeNet v1.1", Map.of("weights", "random")));
    }
}
