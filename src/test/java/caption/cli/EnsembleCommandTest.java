package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caption ensemble}: joins models that share vocabulary and encoder, and says why it cannot. */
class EnsembleCommandTest {

    @TempDir
    Path dir;

    private static final String SCENE = "datasets/shapes/samples/images/000000.png";

    @Test
    void anEnsembleOfAModelWithItselfCaptionsAsTheModel() {
        Path out = dir.resolve("twice.zip");
        CliRun made = CliRun.of("ensemble", "--out", out.toString(), "shapes-show-tell", "shapes-show-tell");
        assertEquals(Cli.OK, made.exit(), made.err());
        assertTrue(made.err().contains("2 models, float32 weights"), made.err());
        CliRun alone = CliRun.of("--model", "shapes-show-tell", SCENE);
        CliRun joined = CliRun.of("--model", out.toString(), SCENE);
        assertEquals(Cli.OK, joined.exit(), joined.err());
        assertEquals(alone.out(), joined.out(), "the mean of two equal distributions is the distribution");
        CliRun scst = CliRun.of("train", "--scst", "--from", out.toString(), "--data", dir.toString(), "--out",
                dir.resolve("x.zip").toString());
        assertEquals(Cli.USAGE, scst.exit(), scst.err());
        assertTrue(scst.err().contains("is an ensemble of 2 models"), scst.err());
    }

    @Test
    void modelsWithDifferentVocabulariesAreRefusedInOneLine() {
        CliRun r = CliRun.of("ensemble", "--out", dir.resolve("e.zip").toString(), "shapes-show-tell", "shapes-attention");
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("shapes-attention: its vocabulary"), r.err());
    }

    @Test
    void modelsWithDifferentEncodersAreRefusedInOneLine() throws Exception {
        CaptionModel model = ModelFile.load(ModelRegistry.resolve("shapes-show-tell"));
        ImageEncoder other = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 9),
                model.encoder().description());
        Path copy = dir.resolve("other-encoder.zip");
        ModelFile.save(new CaptionModel(model.config(), other, model.scaler(), model.decoder(), model.vocabulary(),
                model.provenance()), copy);
        CliRun r = CliRun.of("ensemble", "--out", dir.resolve("e.zip").toString(), "shapes-show-tell", copy.toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(copy + ": its encoder differs"), r.err());
    }

    @Test
    void oneModelIsBadUsage() {
        CliRun r = CliRun.of("ensemble", "--out", dir.resolve("e.zip").toString(), "shapes-show-tell");
        assertEquals(Cli.USAGE, r.exit(), r.err());
    }
}
