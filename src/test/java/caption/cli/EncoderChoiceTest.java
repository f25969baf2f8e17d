package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.encoder.ImageEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder of a training run: which one is loaded and how its grid is pooled. */
class EncoderChoiceTest {

    @TempDir
    Path dir;

    private final PrintWriter err = new PrintWriter(new StringWriter(), true);

    @Test
    void aRandomEncoderKeepsItsOwnPoolingUnlessTold() throws IOException {
        ImageEncoder.Description plain = new EncoderChoice(EncoderChoice.RANDOM, null, null, false, 32, 7)
                .load(err).description();
        assertNull(plain.poolRegions());
        assertNull(plain.poolMax());
        assertEquals("random initialisation (seed 7), frozen", plain.provenance().get("weights"));
        ImageEncoder.Description pooled = new EncoderChoice(EncoderChoice.RANDOM, null, 2, true, 32, 7)
                .load(err).description();
        assertEquals(2, pooled.poolRegions());
        assertEquals(true, pooled.poolMax());
    }

    @Test
    void anyOtherNameIsAnEncoderFile() {
        Path file = dir.resolve("encoder.zip");
        IOException e = assertThrows(IOException.class,
                () -> new EncoderChoice(file.toString(), null, null, false, 64, 1).load(err));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void invalidChoicesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new EncoderChoice(" ", null, null, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncoderChoice("random", null, -1, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncoderChoice("random", null, null, false, 0, 1));
    }

    @Test
    void autoIsRandomForShapeScenesAndImageNetForPhotos() throws IOException {
        CliRun made = CliRun.of("dataset", "shapes", "--out", dir.resolve("shapes").toString(), "--count", "2");
        assertEquals(0, made.exit(), made.err());
        EncoderChoice auto = new EncoderChoice(EncoderChoice.AUTO, null, null, false, 64, 1);
        StringWriter log = new StringWriter();
        PrintWriter err = new PrintWriter(log, true);
        var shapes = caption.data.CaptionDataset.load(dir.resolve("shapes"));
        assertEquals(EncoderChoice.RANDOM, auto.forData(shapes, err).name());
        var photos = new caption.data.CaptionDataset(dir.resolve("photos"), java.util.List.of(), 0, java.util.List.of());
        assertEquals(EncoderChoice.IMAGENET, auto.forData(photos, err).name());
        assertTrue(log.toString().contains("encoder: imagenet (a photo dataset; --encoder chooses another)"), log.toString());
        EncoderChoice named = new EncoderChoice(EncoderChoice.RANDOM, null, null, false, 64, 1);
        assertEquals(named, named.forData(photos, err), "a named encoder is kept whatever the data");
    }
}
