package caption.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.ZipEntries;
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
