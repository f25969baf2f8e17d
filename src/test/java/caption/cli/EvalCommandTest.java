package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caption eval} with the bundled shapes model on a few generated scenes. */
class EvalCommandTest {

    @TempDir
    static Path dir;

    private static Path data;

    @BeforeAll
    static void generateScenes() {
        data = dir.resolve("scenes");
        CliRun made = CliRun.of("dataset", "shapes", "--out", data.toString(), "--count", "12", "--seed", "99");
        assertEquals(0, made.exit(), made.err());
    }

    private static JsonNode eval(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("eval", "--model", "shapes", "--data=" + data));
        args.addAll(List.of(options));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void reportsSceneFiguresUnderTheSearchAsked() throws IOException {
        JsonNode figures = eval("--beam", "1", "--block-trigrams");
        assertEquals(12, figures.get("images").asInt());
        assertEquals(1, figures.get("beam").asInt());
        double accuracy = figures.get("scene_accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "scene accuracy " + accuracy);
        assertTrue(figures.has("errors_by_kind"), figures.toString());
    }

    @Test
    void blockingTrigramsLeavesNoCaptionWithARepeatedTrigram() throws IOException {
        Path results = dir.resolve("results.json");
        eval("--block-trigrams", "--out", results.toString());
        JsonNode captions = Json.MAPPER.readTree(results.toFile());
        assertFalse(captions.isEmpty());
        for (JsonNode result : captions) {
            String[] words = result.get("caption").asText().split(" ");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i + 2 < words.length; i++) {
                assertTrue(seen.add(words[i] + " " + words[i + 1] + " " + words[i + 2]), result.toString());
            }
        }
    }

    @Test
    void badBeamIsBadUsage() {
        CliRun r = CliRun.of("eval", "--model", "shapes", "--data=" + data, "--beam", "0");
        assertEquals(2, r.exit(), r.out());
    }
}
