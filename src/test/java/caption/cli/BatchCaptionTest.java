package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.image.TestImages;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of every kind of bad input, captioned in one run that must not stop. */
class BatchCaptionTest {

    private static final Path SAMPLES = Path.of("datasets/shapes/samples/images");
    /** The bundled shapes model: it needs nothing from outside the repository. */
    private static final String MODEL = "pretrained/shapes-show-tell.zip";

    @TempDir
    Path dir;

    private Path folder;



    @BeforeEach
    void makeFolder() throws IOException {
        folder = Files.createDirectories(dir.resolve("photos"));
        Files.copy(SAMPLES.resolve("000000.png"), folder.resolve("good 1.png"));
        Files.copy(SAMPLES.resolve("000001.png"), folder.resolve("gut-ü.png"));
        Files.write(folder.resolve("cmyk.jpg"), TestImages.cmykJpeg(64, 64));
        Files.write(folder.resolve("rotated.jpg"), TestImages.jpegWithOrientation(TestImages.halves(64, 48), 6));
        Files.write(folder.resolve("deep.png"), TestImages.png16(64, 64));
        Files.write(folder.resolve("empty.jpg"), new byte[0]);
        byte[] jpeg = TestImages.encode(TestImages.halves(64, 64), "jpeg");
        Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] png = Files.readAllBytes(SAMPLES.resolve("000002.png"));
        Files.write(folder.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(folder.resolve("text.png"), "this is not an image\n");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(folder.resolve("noise.jpg"), noise);
        Files.createSymbolicLink(folder.resolve("broken.jpg"), folder.resolve("nowhere.jpg"));
        Files.createDirectories(folder.resolve("x.jpg"));
        Files.writeString(folder.resolve("notes.txt"), "not an image name: skipped");
    }

    @Test
    void badFilesNeverStopTheBatch() throws IOException {
        Path results = dir.resolve("results.jsonl");
        CliRun r = CliRun.of("--model", MODEL, folder.toString(), "--format", "jsonl", "--output", results.toString(), "--threads", "2");
        assertEquals(1, r.exit(), r.err());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode node = Json.MAPPER.readTree(line);
            byName.put(Path.of(node.get("image").asText()).getFileName().toString(), node);
        }
        List<String> names = new ArrayList<>(byName.keySet());
        assertEquals(names.stream().sorted().toList(), names, "results in path order");
        for (String good : List.of("good 1.png", "gut-ü.png", "cmyk.jpg", "rotated.jpg", "deep.png")) {
            assertTrue(byName.get(good).hasNonNull("caption"), good + ": " + byName.get(good));
        }
        Map<String, String> expected = Map.of(
                "empty.jpg", "empty file",
                "truncated.jpg", "truncated or corrupt",
                "truncated.png", "truncated or corrupt",
                "text.png", "not a decodable image",
                "noise.jpg", "",
                "broken.jpg", "broken symbolic link",
                "x.jpg", "is a directory");
        StringBuilder table = new StringBuilder();
        expected.forEach((name, reason) -> {
            String error = byName.get(name).get("error").asText();
            assertTrue(error.startsWith(folder.resolve(name) + ": ") && error.contains(reason), error);
            assertTrue(r.err().contains(error), "stderr has " + error);
            table.append(name).append(" -> ").append(error.substring(folder.toString().length() + 1)).append('\n');
        });
        System.err.print(table);
        assertFalse(byName.containsKey("notes.txt"));
        assertTrue(r.err().contains("captioned 5, failed 7, skipped 0"), r.err());
    }

    @Test
    void recursionFindsSubFoldersAndReportsALinkLoop() throws IOException {
        Path sub = Files.createDirectories(folder.resolve("x.jpg").resolve("deeper"));
        Files.copy(SAMPLES.resolve("000003.png"), sub.resolve("inner.png"));
        Files.createSymbolicLink(sub.resolve("loop"), folder);
        CliRun r = CliRun.of("--model", MODEL, "-r", folder.toString(), "--include", "*.png", "--exclude", "truncated*");
        String[] lines = r.out().strip().split("\n");
        assertTrue(Arrays.stream(lines).anyMatch(l -> l.startsWith(sub.resolve("inner.png") + "\t")), r.out());
        assertTrue(r.err().contains(sub.resolve("loop") + ": symbolic link loop"), r.err());
        assertTrue(Arrays.stream(lines).noneMatch(l -> l.contains("truncated")), r.out());
        assertTrue(Arrays.stream(lines).noneMatch(l -> l.contains(".jpg\t")), "only *.png: " + r.out());
    }

    @Test
    void resumeSkipsWhatIsDoneAndCutsAHalfWrittenLine() throws IOException {
        Path results = dir.resolve("out.tsv");
        Files.writeString(results, folder.resolve("good 1.png") + "\ta red circle\n" + folder.resolve("gut") + "\tha");
        CliRun r = CliRun.of("--model", MODEL, folder.toString(), "--output", results.toString(), "--resume", "--include", "good*", "--include", "gut*");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(folder.resolve("good 1.png") + "\ta red circle", lines.get(0));
        assertTrue(lines.get(1).startsWith(folder.resolve("gut-ü.png") + "\t"), lines.get(1));
        assertTrue(r.err().contains("captioned 1, failed 0, skipped 1"), r.err());
    }

    @Test
    void csvHasAHeaderAndQuotesFields() throws IOException {
        CliRun r = CliRun.of("--model", MODEL, folder.resolve("good 1.png").toString(), folder.resolve("empty.jpg").toString(), "--format", "csv");
        String[] lines = r.out().split("\n");
        assertEquals("image,caption,score,error", lines[0]);
        assertEquals("\"" + folder.resolve("empty.jpg") + "\",,,\"" + folder.resolve("empty.jpg") + ": empty file\"",
                lines[2]);
        assertEquals(1, r.exit());
    }
}
