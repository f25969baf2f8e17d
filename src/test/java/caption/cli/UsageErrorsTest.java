package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad option values are bad usage (exit 2, one line and where to read more); --version everywhere. */
class UsageErrorsTest {

    private static final String SAMPLE = "datasets/shapes/samples/images/000000.png";

    @ParameterizedTest
    @ValueSource(strings = {"--beam", "--max-length", "--batch-size", "--threads"})
    void aCountOfZeroIsBadUsage(String option) {
        CliRun r = CliRun.of("--model", "shapes", option, "0", SAMPLE);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("Invalid value for option '" + option + "': "), r.err());
        assertTrue(r.err().contains("'0' must be at least 1") || r.err().contains("must be a whole number from 1 to"), r.err());
        assertEquals(2, r.err().strip().lines().count(), "one line and the help hint: " + r.err());
    }

    @Test
    void searchConstraintsApplyAndAMinimumOverTheMaximumIsBadUsage() {
        CliRun bad = CliRun.of("--model", "shapes", "--min-length", "30", "--max-length", "20", SAMPLE);
        assertEquals(2, bad.exit(), bad.err());
        CliRun longer = CliRun.of("--model", "shapes", "--min-length", "18", "--block-trigrams", SAMPLE);
        assertEquals(0, longer.exit(), longer.err());
        assertTrue(longer.out().strip().split(" ").length >= 18, longer.out());
    }

    @Test
    void aNegativeLengthAlphaIsBadUsage() {
        CliRun caption = CliRun.of("--model", "shapes", "--length-alpha", "-1", SAMPLE);
        assertEquals(2, caption.exit(), caption.err());
        assertTrue(caption.err().contains("Invalid value for option '--length-alpha': must be a number from 0 to 5, not '-1'"),
                caption.err());
        assertEquals(2, caption.err().strip().lines().count(), "one line and the help hint: " + caption.err());
        CliRun eval = CliRun.of("eval", "--model", "shapes", "--data", "datasets/shapes/samples", "--length-alpha", "x");
        assertEquals(2, eval.exit(), eval.err());
        assertTrue(eval.err().contains("Invalid value for option '--length-alpha': must be a number from 0 to 5, not 'x'"),
                eval.err());
    }

    /** Without normalisation the n-best list runs by log-probability; a larger exponent never picks a shorter caption. */
    @Test
    void theLengthAlphaRanksTheNBestList() throws Exception {
        JsonNode plain = firstRecord(CliRun.of("--model", "shapes", "--json", "--beam", "5", "--length-alpha", "0", SAMPLE));
        JsonNode longer = firstRecord(CliRun.of("--model", "shapes", "--json", "--beam", "5", "--length-alpha", "4", SAMPLE));
        JsonNode nBest = plain.get("n_best");
        assertTrue(nBest.size() > 1, plain.toString());
        for (int i = 1; i < nBest.size(); i++) {
            assertTrue(nBest.get(i - 1).get("log_prob").asDouble() >= nBest.get(i).get("log_prob").asDouble(), plain.toString());
        }
        assertEquals(plain.get("log_prob").asDouble(), nBest.get(0).get("log_prob").asDouble());
        assertTrue(words(longer) >= words(plain), longer + " against " + plain);
    }

    private static JsonNode firstRecord(CliRun r) throws java.io.IOException {
        assertEquals(0, r.exit(), r.err());
        return caption.io.Json.MAPPER.readTree(r.out().strip().lines().findFirst().orElseThrow());
    }

    private static int words(JsonNode record) {
        return record.get("caption").asText().split(" ").length;
    }

    @Test
    void aServerPortOutOfRangeOrACountOfZeroIsBadUsage() {
        assertEquals(2, CliRun.of("serve", "--port", "70000").exit());
        assertEquals(2, CliRun.of("serve", "--queue", "0").exit());
    }

    @Test
    void anOutputIntoAMissingFolderNamesTheFolder() {
        Path missing = Path.of("no-such-folder-here");
        CliRun r = CliRun.of("--model", "shapes", "-o", missing.resolve("out.tsv").toString(), SAMPLE);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("folder " + missing.toAbsolutePath() + " does not exist"), r.err());
    }

    @Test
    void theLstmTraceComesWithJsonLinesOnly() throws Exception {
        CliRun plain = CliRun.of("--model", "shapes", "--lstm-trace", SAMPLE);
        assertEquals(2, plain.exit(), plain.err());
        CliRun json = CliRun.of("--model", "shapes", "--json", "--lstm-trace", SAMPLE);
        assertEquals(0, json.exit(), json.err());
        var record = caption.io.Json.MAPPER.readTree(json.out().strip());
        assertEquals(record.get("caption").asText().split(" ").length + 1, record.get("lstm").get("steps").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "eval", "score", "dataset", "pretrain-encoder", "bench", "serve"})
    void everyCommandPrintsTheBuildsVersion(String command) {
        CliRun r = command.isEmpty() ? CliRun.of("--version") : CliRun.of(command, "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().matches("caption \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }
}
