package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.CaptionChecker;
import caption.data.shapes.Scene;
import caption.data.shapes.ScenesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final Path SAMPLES = Path.of("datasets/shapes/samples");
    private static final Path BUNDLED = Path.of("pretrained/shapes-show-tell.zip");

    @TempDir
    Path dir;



    @Test
    void helpAndBadUsage() {
        assertEquals(0, CliRun.of("--help").exit());
        assertEquals(0, CliRun.of("train", "--help").exit());
        assertEquals(2, CliRun.of("--bogus").exit());
        assertEquals(2, CliRun.of("train").exit(), "missing required options");
        assertEquals(2, CliRun.of().exit(), "no image");
    }

    @Test
    void aMissingModelIsOneClearLine() {
        CliRun r = CliRun.of("--model", dir.resolve("nothing.zip").toString(), "x.png");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nothing.zip: no such model file"), r.err());
    }

    @Test
    void anUnknownModelNameIsOneLineSayingWhatWasTried() {
        CliRun r = CliRun.of("--model", "flickr8k-big", "x.png");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("caption: flickr8k-big: not a bundled model (bundled: "), r.err());
        assertTrue(r.err().contains("and not a model file path (a path has a '/' or ends in .zip)"), r.err());
    }

    @Test
    void datasetCommandWritesASplit() throws Exception {
        CliRun r = CliRun.of("dataset", "shapes", "--out", dir.resolve("s").toString(), "--count", "3", "--seed", "5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("s/images/000002.png")));
        assertTrue(Files.isRegularFile(dir.resolve("s/captions.json")));
        assertEquals(3, ScenesFile.readIfPresent(dir.resolve("s")).orElseThrow().size());
    }

    @Test
    void bundledModelCaptionsSamplesAndSkipsBadFiles() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(BUNDLED), "no bundled model at " + BUNDLED);
        Path bad = dir.resolve("broken.png");
        Files.writeString(bad, "not an image");
        Path image = SAMPLES.resolve("images/000000.png");
        CliRun r = CliRun.of("--model", BUNDLED.toString(), image.toString(), bad.toString(), "--json");
        assertEquals(1, r.exit(), "one image failed");
        assertTrue(r.err().contains("broken.png: not a decodable image"), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].contains("\"n_best\""), lines[0]);
        assertTrue(lines[1].contains("\"error\""), lines[1]);
        CliRun plain = CliRun.of("--model", BUNDLED.toString(), image.toString());
        assertEquals(0, plain.exit(), plain.err());
        String caption = plain.out().strip();
        assertFalse(caption.isEmpty());
        Map<Long, Scene> scenes = ScenesFile.readIfPresent(SAMPLES).orElseThrow();
        assertTrue(new CaptionChecker().check(caption, scenes.get(0L)).parsed(), caption);
    }
}
