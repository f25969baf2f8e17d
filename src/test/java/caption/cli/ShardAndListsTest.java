package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --shard K/N, --files-from and --format coco, as a user spreading a folder over machines runs them. */
class ShardAndListsTest {

    private static final Path SAMPLES = Path.of("datasets/shapes/samples");
    private static final String MODEL = "pretrained/shapes-show-tell.zip";

    @TempDir
    Path dir;

    private static List<String> firstColumn(String tsv) {
        return tsv.lines().map(l -> l.split("\t", -1)[0]).toList();
    }

    @Test
    void theShardsOfAFolderCoverItOnceAndAreStable() {
        String all = CliRun.of("--model", MODEL, SAMPLES.resolve("images").toString()).out();
        Set<String> union = new TreeSet<>();
        int total = 0;
        for (int k = 1; k <= 3; k++) {
            CliRun r = CliRun.of("--model", MODEL, "--shard", k + "/3", SAMPLES.resolve("images").toString());
            assertEquals(0, r.exit(), r.err());
            List<String> part = firstColumn(r.out());
            total += part.size();
            union.addAll(part);
            assertEquals(part, firstColumn(CliRun.of("--model", MODEL, "--shard", k + "/3",
                    SAMPLES.resolve("images").toString()).out()), "the same split every time");
            for (String line : r.out().lines().toList()) {
                assertTrue(all.lines().toList().contains(line), line);
            }
        }
        assertEquals(6, total);
        assertEquals(new TreeSet<>(firstColumn(all)), union);
    }

    @Test
    void badShardsAreUsageErrors() {
        for (String bad : new String[] {"0/3", "4/3", "3", "x/y", "1/0"}) {
            CliRun r = CliRun.of("--model", MODEL, "--shard", bad, SAMPLES.resolve("images").toString());
            assertEquals(Cli.USAGE, r.exit(), bad);
            assertTrue(r.err().contains("--shard"), r.err());
        }
    }

    @Test
    void filesFromAListOrStandardInput() throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"),
                SAMPLES.resolve("images/000001.png") + "\n\n" + SAMPLES.resolve("images/000004.png") + "\n");
        CliRun r = CliRun.of("--model", MODEL, "--files-from", list.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(SAMPLES.resolve("images/000001.png").toString(), SAMPLES.resolve("images/000004.png").toString()),
                firstColumn(r.out()));
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(list)));
            CliRun fromStdin = CliRun.of("--model", MODEL, "--files-from", "-");
            assertEquals(r.out(), fromStdin.out());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(Cli.USAGE, CliRun.of("--model", MODEL, "--files-from", dir.resolve("none.txt").toString()).exit());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertEquals(Cli.USAGE, CliRun.of("--model", MODEL, "--files-from", empty.toString()).exit());
    }

    @Test
    void cocoResultsTakeTheIdsFromTheAnnotations() throws IOException {
        Path out = dir.resolve("results.json");
        Path bad = Files.writeString(dir.resolve("not-an-image.png"), "text");
        CliRun r = CliRun.of("--model", MODEL, "--format", "coco", "--annotations", SAMPLES.resolve("captions.json").toString(),
                "-o", out.toString(), SAMPLES.resolve("images").toString(), bad.toString());
        assertEquals(Cli.FAILED, r.exit(), "one image failed: " + r.err());
        JsonNode results = Json.MAPPER.readTree(out.toFile());
        assertEquals(6, results.size());
        List<Long> ids = new ArrayList<>();
        for (JsonNode entry : results) {
            ids.add(entry.get("image_id").asLong());
            assertTrue(!entry.get("caption").asText().isEmpty());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), ids);
        assertEquals(Cli.USAGE, CliRun.of("--model", MODEL, "--format", "coco", SAMPLES.resolve("images").toString()).exit());
        assertEquals(Cli.USAGE, CliRun.of("--model", MODEL, "--annotations", SAMPLES.resolve("captions.json").toString(),
                SAMPLES.resolve("images").toString()).exit());
        assertEquals(Cli.USAGE, CliRun.of("--model", MODEL, "--format", "coco", "--annotations",
                SAMPLES.resolve("captions.json").toString(), "-o", out.toString(), "--resume",
                SAMPLES.resolve("images").toString()).exit());
    }
}
