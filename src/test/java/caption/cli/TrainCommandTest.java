package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
