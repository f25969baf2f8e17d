package caption.cli;

import caption.decoder.AttendTellType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.decoder.DecoderConfig;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.eval.Evaluation;
import caption.image.PreprocessConfig;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.render.AttentionPanels;
import caption.search.SearchSettings;
import caption.train.CaptionTraining;
import caption.train.TrainSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attention decoder end to end: it overfits 30 scenes, survives a save and load with the same
 * captions and attention, and the CLI draws its attention map and writes its weights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttentionCaptionTest {

    static final int SCENES = 30;

    @TempDir
    static Path dir;

    CaptionDataset data;
    CaptionModel model;
    Path modelFile;

    @BeforeAll
    void train() throws Exception {
        Path split = dir.resolve("split");
        ShapesSplitWriter.write(split, 5, SCENES);
        data = CaptionDataset.load(split);
        ImageEncoder encoder = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 7),
                new ImageEncoder.Description(PreprocessConfig.shapes(64), "zoo SqueezeNet v1.1", Map.of("weights", "random")));
        TrainSettings settings = new TrainSettings(60, 50, 0.005, 1.0, 5.0, 0.0, 32, 96, 1, 20, 3)
                .withDecoder(AttendTellType.NAME, 32, 1.0, true);
        model = new CaptionTraining(settings, new PrintWriter(new StringWriter())).train(data, encoder);
        modelFile = dir.resolve("attention.zip");
        ModelFile.save(model, modelFile);
    }

    @Test
    void overfitsThirtyScenes() throws Exception {
        Evaluation.Report report = Evaluation.run(model, data, SearchSettings.defaults(), data);
        assertEquals(1.0, (Double) report.figures().get("scene_accuracy"), () -> "captions: " + report.results());
        // every caption is right, so every one is word for word one of the (training) references
        assertEquals(1.0, (Double) report.figures().get("training_caption_share"), report.figures().toString());
        assertEquals(report.results().stream().map(Evaluation.Result::caption).distinct().count(),
                report.figures().get("distinct_captions"));
        double max = (Double) report.figures().get("attention_max_weight");
        double entropy = (Double) report.figures().get("attention_entropy");
        assertEquals(1.0 / 49, (Double) report.figures().get("attention_uniform_weight"), 1e-12);
        assertTrue(max > 1.0 / 49 && max <= 1.0 && entropy >= 0 && entropy < 1.0, report.figures().toString());
    }

    @Test
    void savedAndLoadedModelGivesIdenticalCaptionsAndAttention() throws Exception {
        CaptionModel loaded = ModelFile.load(modelFile);
        assertEquals(AttendTellType.NAME, loaded.config().decoder().type());
        assertEquals(49, loaded.config().decoder().regions());
        assertEquals(Evaluation.run(model, data, SearchSettings.defaults()).results(),
                Evaluation.run(loaded, data, SearchSettings.defaults()).results());
    }

    @Test
    void jsonHasOneRowOfWeightsPerWordThatSumsToOne() throws Exception {
        CliRun run = CliRun.of("--model", modelFile.toString(), "--json", image(0).toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode line = caption.io.Json.MAPPER.readTree(run.out());
        JsonNode attention = line.get("attention");
        assertEquals(7, attention.get("rows").asInt());
        assertEquals(7, attention.get("cols").asInt());
        String[] words = line.get("caption").asText().split(" ");
        assertEquals(words.length + 1, attention.get("words").size(), "the words and the end");
        for (int k = 0; k < words.length; k++) {
            assertEquals(words[k], attention.get("words").get(k).asText());
            double sum = 0;
            for (JsonNode w : attention.get("weights").get(k)) {
                sum += w.asDouble();
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void attentionMapHasOnePanelPerWord() throws Exception {
        Path png = dir.resolve("map.png");
        CliRun run = CliRun.of("--model", modelFile.toString(), "--attention-map", png.toString(), image(1).toString());
        assertEquals(0, run.exit(), run.err());
        int words = run.out().trim().split(" ").length + 1;
        BufferedImage sheet = ImageIO.read(png.toFile());
        int columns = Math.min(5, words);
        int rows = (words + columns - 1) / columns;
        assertTrue(sheet.getWidth() >= columns * AttentionPanels.PANEL_SIZE, "width " + sheet.getWidth());
        assertTrue(sheet.getHeight() >= rows * AttentionPanels.PANEL_SIZE, "height " + sheet.getHeight());
        assertTrue(sheet.getHeight() < (rows + 1) * AttentionPanels.PANEL_SIZE, "height " + sheet.getHeight());
    }

    @Test
    void attentionMapOfAFolderWritesOnePngPerImage() throws Exception {
        Path maps = dir.resolve("maps");
        CliRun run = CliRun.of("--model", modelFile.toString(), "--attention-map", maps.toString(),
                image(2).toString(), image(3).toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(ImageIO.read(maps.resolve("000002.png").toFile()).getWidth() > 0);
        assertTrue(ImageIO.read(maps.resolve("000003.png").toFile()).getWidth() > 0);
    }

    @Test
    void attentionMapWithoutAttentionIsAUsageError() {
        CliRun run = CliRun.of("--model", "shapes-show-tell", "--attention-map", dir.resolve("x.png").toString(),
                image(0).toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("needs a model with attention"), run.err());
    }

    private Path image(int k) {
        return data.images().get(k).path();
    }
}
