package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    private static final Path FIXTURE = Path.of("src/test/resources/eval");
    private static final String REFERENCES = """
            {"images": [{"id": 1}, {"id": 2}],
             "annotations": [{"id": 1, "image_id": 1, "caption": "a red circle"},
                             {"id": 2, "image_id": 2, "caption": "a blue square"}]}""";

    @TempDir
    Path dir;



    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void jsonOutputHasExactlyTheToolkitKeysAndPerImageRows() throws IOException {
        Path perImage = dir.resolve("per-image.json");
        CliRun r = CliRun.of("score", "--annotations", FIXTURE.resolve("captions.json").toString(),
                "--results", FIXTURE.resolve("results.json").toString(), "--json", "--per-image", perImage.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode scores = Json.MAPPER.readTree(r.out());
        assertEquals(List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr"),
                fieldNames(scores));
        JsonNode expected = Json.MAPPER.readTree(FIXTURE.resolve("expected-scores.json").toFile());
        assertEquals(expected.get("CIDEr").asDouble(), scores.get("CIDEr").asDouble(), 1e-9);
        JsonNode rows = Json.MAPPER.readTree(perImage.toFile());
        assertEquals(60, rows.size());
        assertEquals(1000, rows.get(0).get("image_id").asLong());
    }

    @Test
    void eachBadFileIsOneClearError() throws IOException {
        Path refs = file("refs.json", REFERENCES);
        assertError(CliRun.of("score", "--annotations", file("broken.json", "{\"images\": [").toString(),
                "--results", file("ok.json", "[{\"image_id\": 1, \"caption\": \"x\"}]").toString()), "broken.json: invalid JSON");
        assertError(CliRun.of("score", "--annotations", file("nokey.json", "{\"images\": []}").toString(),
                "--results", dir.resolve("ok.json").toString()), "nokey.json: missing key 'annotations'");
        assertError(CliRun.of("score", "--annotations", refs.toString(),
                "--results", file("dup.json", "[{\"image_id\": 1, \"caption\": \"a\"}, {\"image_id\": 1, \"caption\": \"b\"}]").toString()),
                "dup.json: more than one result for image 1");
        assertError(CliRun.of("score", "--annotations", refs.toString(),
                "--results", file("stranger.json", "[{\"image_id\": 9, \"caption\": \"a\"}]").toString()),
                "stranger.json: result for image 9, which has no reference captions");
        assertError(CliRun.of("score", "--annotations", refs.toString(),
                "--results", file("nocap.json", "[{\"image_id\": 1}]").toString()), "nocap.json: result 0 has no 'caption' string");
        assertError(CliRun.of("score", "--annotations", refs.toString(), "--results", dir.resolve("absent.json").toString()),
                "absent.json: no such file");
    }

    private static void assertError(CliRun r, String message) {
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
