package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code caption train}'s options as the command line sees them. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBatchSizeOfZeroIsBadUsage() {
        CliRun r = CliRun.of("train", "--batch-size", "0", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--batch-size': '0' must be at least 1"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--epochs", "--batch-size", "--max-length", "--embedding", "--hidden", "--min-count",
        "--val-beam", "--log-every", "--checkpoint-every", "--keep-checkpoints", "--image-size", "--attention-size"})
    void countingOptionsBelowOneAreBadUsage(String option) {
        for (String value : new String[] {"0", "-3"}) {
            CliRun r = CliRun.of("train", option, value, "--data", dir.resolve("data").toString(),
                    "--out", dir.resolve("m.zip").toString());
            assertEquals(Cli.USAGE, r.exit(), option + " " + value + ": " + r.err());
            assertTrue(r.err().contains("Invalid value for option '" + option + "'"), r.err());
        }
    }

    @Test
    void aBadSettingsFileIsOneLine() throws IOException {
        Path settings = Files.writeString(dir.resolve("s.json"), "{\"batch-size\": 0}");
        CliRun r = CliRun.of("train", "--config", settings.toString(), "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals("caption: " + settings + ": 'batch-size': '0' must be at least 1", r.err().strip());
    }

    @Test
    void theCommandLineWinsOverTheSettingsFile() throws IOException {
        Path settings = Files.writeString(dir.resolve("s.json"), "{\"batch-size\": 0}");
        CliRun r = CliRun.of("train", "--config", settings.toString(), "--batch-size", "4",
                "--data", dir.resolve("data").toString(), "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, r.exit(), "there is no data: " + r.err());
        assertFalse(r.err().contains(settings.toString()), "the file's batch size is not used: " + r.err());
        assertEquals(4, Json.MAPPER.readTree(dir.resolve("m.run/run.json").toFile()).get("settings").get("batchSize")
                .asInt());
    }

    @Test
    void theFeatureDtypeIsFloat32OrFloat16AndRecordedInTheRun() throws IOException {
        CliRun bad = CliRun.of("train", "--feature-dtype", "float64", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.USAGE, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--feature-dtype: float32 or float16, not float64"), bad.err());
        CliRun half = CliRun.of("train", "--feature-dtype", "float16", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, half.exit(), "there is no data: " + half.err());
        assertEquals("float16", Json.MAPPER.readTree(dir.resolve("m.run/run.json").toFile()).get("settings")
                .get("featureDtype").asText());
    }

    @Test
    void resumingAFolderThatIsNoRunIsOneLine() {
        CliRun r = CliRun.of("train", "--resume", dir.toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals("caption: " + dir.resolve("run.json") + ": no such file (not a run folder of 'caption train')",
                r.err().strip());
    }
}
