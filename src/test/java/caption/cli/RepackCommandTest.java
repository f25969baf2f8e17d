package caption.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.ZipEntries;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caption repack}: the same model, written again with its encoder inside. */
class RepackCommandTest {

    @TempDir
    Path dir;

    private static final String SCENE = "datasets/shapes/samples/images/000000.png";

    @Test
    void aRepackedModelCaptionsAsTheModelAndKeepsItsOtherEntries() throws Exception {
        Path out = dir.resolve("repacked.zip");
        CliRun made = CliRun.of("repack", "shapes-show-tell", "--out", out.toString());
        assertEquals(Cli.OK, made.exit(), made.err());
        assertTrue(made.err().contains("with its encoder's weights inside"), made.err());
        assertEquals(CliRun.of("--model", "shapes-show-tell", SCENE).out(), CliRun.of("--model", out.toString(), SCENE).out());
        Map<String, byte[]> before = ZipEntries.read(ModelRegistry.resolve("shapes-show-tell"));
        Map<String, byte[]> after = ZipEntries.read(out);
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            if (!name.startsWith("encoder/")) {
                assertArrayEquals(before.get(name), after.get(name), name);
            }
        }
    }

    @Test
    void oneModelOfAnEnsembleIsWrittenAsAModelOfItsOwn() throws Exception {
        Path ensemble = dir.resolve("both.zip");
        CliRun joined = CliRun.of("ensemble", "--out", ensemble.toString(), "shapes-show-tell", "shapes-show-tell");
        assertEquals(Cli.OK, joined.exit(), joined.err());
        Path second = dir.resolve("second.zip");
        CliRun made = CliRun.of("repack", ensemble.toString(), "--member", "2", "--out", second.toString());
        assertEquals(Cli.OK, made.exit(), made.err());
        CaptionModel alone = ModelFile.load(second);
        CaptionModel original = ModelFile.load(ModelRegistry.resolve("shapes-show-tell"));
        assertTrue(alone.ensemble().isEmpty());
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> p : original.decoder().params().asMap().entrySet()) {
            assertEquals(p.getValue(), alone.decoder().params().get(p.getKey()), p.getKey());
        }
        CliRun none = CliRun.of("repack", ensemble.toString(), "--member", "3", "--out", dir.resolve("x.zip").toString());
        assertEquals(Cli.USAGE, none.exit(), none.err());
        assertTrue(none.err().contains("holds 2 model(s), not 3"), none.err());
    }

    @Test
    void aFileThatIsNotAModelIsRefusedInOneLine() throws Exception {
        Path notes = dir.resolve("notes.zip");
        Files.writeString(notes, "not a model");
        CliRun r = CliRun.of("repack", notes.toString(), "--out", dir.resolve("out.zip").toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(notes + ": not a caption model"), r.err());
        assertTrue(Files.notExists(dir.resolve("out.zip")));
    }
}
