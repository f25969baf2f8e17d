package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.eval.Evaluation;
import caption.image.PreprocessConfig;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.search.SearchSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Trains a tiny captioner on 50 scenes and checks that it learns them and survives a save and load. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    static final int SCENES = 50;

    @TempDir
    static Path dir;

    CaptionDataset data;
    CaptionModel model;

    /** A randomly initialised, frozen zoo SqueezeNet: enough to tell 50 images apart. */
    static ImageEncoder randomEncoder() {
        PreprocessConfig preprocess = PreprocessConfig.shapes(64);
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 7),
                new ImageEncoder.Description(preprocess, "zoo SqueezeNet v1.1", Map.of("weights", "random")));
    }

    static TrainSettings overfitSettings() {
        return new TrainSettings(60, 50, 0.005, 1.0, 5.0, 0.0, 64, 128, 1, 20, 3);
    }

    @BeforeAll
    void train() throws Exception {
        Path split = dir.resolve("split");
        ShapesSplitWriter.write(split, 21, SCENES);
        data = CaptionDataset.load(split);
        model = new CaptionTraining(overfitSettings(), new PrintWriter(new StringWriter())).train(data, randomEncoder());
    }

    @Test
    void overfitsFiftyScenesToFullSceneAccuracy() throws Exception {
        Evaluation.Report report = Evaluation.run(model, data, SearchSettings.defaults());
        assertEquals(1.0, (Double) report.figures().get("scene_accuracy"), () -> "captions: " + report.results());
        assertEquals(SCENES, report.results().size());
    }

    @Test
    void savedAndLoadedModelGivesIdenticalCaptions() throws Exception {
        Path file = dir.resolve("model.zip");
        ModelFile.save(model, file);
        CaptionModel loaded = ModelFile.load(file);
        Evaluation.Report before = Evaluation.run(model, data, SearchSettings.defaults());
        Evaluation.Report after = Evaluation.run(loaded, data, SearchSettings.defaults());
        assertEquals(before.results(), after.results());
        assertEquals(model.vocabulary().words(), loaded.vocabulary().words());
        assertEquals(model.config().decoder().hiddenSize(), loaded.provenance().settings().get("hiddenSize"));
        assertTrue(Files.size(file) < 20_000_000);
    }

    @Test
    void secondRunReadsTheFeatureStoreAndValidatesSceneAccuracy() throws Exception {
        StringWriter log = new StringWriter();
        CaptionModel again = new CaptionTraining(new TrainSettings(1, 50, 0.005, 1.0, 5.0, 0.0, 8, 8, 1, 20, 3),
                new PrintWriter(log, true)).train(data, data, randomEncoder(), DecoderTrainer.Checkpointing.NONE);
        assertTrue(log.toString().contains("from cache"), "log: " + log);
        assertTrue(log.toString().contains("scene accuracy"), "log: " + log);
        assertTrue(again.provenance().validation().get(0).sceneAccuracy() != null);
    }

    @Test
    void sceneAccuracyPicksTheEpochAndCiderBreaksTies() {
        Validation.Figures fluent = new Validation.Figures(1.0, 3.0, 0.5, 0.70);
        Validation.Figures right = new Validation.Figures(1.2, 2.5, 0.4, 0.75);
        Validation.Figures rightAndFluent = new Validation.Figures(1.2, 2.8, 0.4, 0.75);
        assertTrue(right.betterThan(fluent));
        assertTrue(rightAndFluent.betterThan(right));
        assertTrue(new Validation.Figures(1, 3.0, 0.5).betterThan(new Validation.Figures(1, 2.9, 0.6)));
    }
}
