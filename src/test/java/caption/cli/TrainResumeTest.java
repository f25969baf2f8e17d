package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** An interrupted training run, resumed, gives exactly the losses of an uninterrupted one. */
class TrainResumeTest {

    @TempDir
    Path dir;

    /** Thrown by the step hook to simulate a crash. */
    private static final class Interrupted extends RuntimeException {}

    private int train(DecoderHook hook, String... args) {
        TrainCommand command = new TrainCommand();
        command.afterStep = hook::after;
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @FunctionalInterface
    private interface DecoderHook {
        void after(long step);
    }

    private String[] args(String name) {
        return new String[] {"--data", dir.resolve("data").toString(), "--out", dir.resolve(name + ".zip").toString(),
            "--epochs", "3", "--batch-size", "16", "--embedding", "16", "--hidden", "24", "--min-count", "1",
            "--dropout", "0.3", "--checkpoint-every", "5", "--keep-checkpoints", "2", "--log-every", "1", "--seed", "4"};
    }

    private List<Double> losses(String run) throws IOException {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(run + ".run").resolve("log.jsonl"))) {
            JsonNode node = Json.MAPPER.readTree(line);
            losses.add(node.get("loss").asDouble());
        }
        return losses;
    }

    @Test
    void resumedRunMatchesAnUninterruptedOne() throws IOException {
        Cli.commandLine(new CaptionCommand(), false).execute("dataset", "shapes", "--out", dir.resolve("data").toString(),
                "--count", "30", "--seed", "3");
        assertEquals(0, train(step -> { }, args("whole")));
        List<Double> whole = losses("whole");

        boolean[] crashed = {false};
        int exit = train(step -> {
            if (step == 12) {
                crashed[0] = true;
                throw new Interrupted();
            }
        }, args("cut"));
        assertTrue(crashed[0] && exit != 0, "the run stopped at step 12");
        Path checkpoints = dir.resolve("cut.run/checkpoints");
        List<Path> saved;
        try (Stream<Path> files = Files.list(checkpoints)) {
            saved = files.sorted().toList();
        }
        assertEquals(2, saved.size(), "the newest two are kept: " + saved);
        // the newest checkpoint is damaged: the one before it must be used
        Path newest = saved.get(saved.size() - 1);
        Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), (int) Files.size(newest) / 2));
        assertEquals(0, train(step -> { }, "--resume", dir.resolve("cut.run").toString()));

        List<Double> resumed = losses("cut");
        assertEquals(whole.size(), resumed.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i), resumed.get(i), 1e-6, "log line " + (i + 1));
        }
        assertTrue(Files.isRegularFile(dir.resolve("cut.zip")));
        assertTrue(Files.size(dir.resolve("cut.run/curves.png")) > 1000);
    }

    @Test
    void settingsComeFromAJsonFileAndTheCommandLineWins() throws IOException {
        Cli.commandLine(new CaptionCommand(), false).execute("dataset", "shapes", "--out", dir.resolve("data").toString(),
                "--count", "6", "--seed", "3");
        Path config = Files.writeString(dir.resolve("settings.json"),
                "{\"epochs\": 1, \"batch-size\": 8, \"hidden\": 12, \"embedding\": 8, \"min-count\": 1, \"seed\": 9}");
        assertEquals(0, train(step -> { }, "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("c.zip").toString(), "--seed", "5"));
        JsonNode run = Json.MAPPER.readTree(dir.resolve("c.run/run.json").toFile());
        assertEquals(1, run.get("settings").get("epochs").asInt());
        assertEquals(8, run.get("settings").get("batchSize").asInt());
        assertEquals(5, run.get("settings").get("seed").asInt(), "the command line wins");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"epochz\": 1}");
        assertEquals(1, train(step -> { }, "--config", bad.toString(), "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("d.zip").toString()));
    }

    @Test
    void aRunStartedAsCaptionTrainResumes() throws IOException {
        Cli.commandLine(new CaptionCommand(), false).execute("dataset", "shapes", "--out", dir.resolve("data").toString(),
                "--count", "6", "--seed", "3");
        String[] args = {"train", "--data", dir.resolve("data").toString(), "--out", dir.resolve("top.zip").toString(),
            "--epochs", "1", "--batch-size", "8", "--embedding", "8", "--hidden", "12", "--min-count", "1"};
        assertEquals(0, Cli.commandLine(new CaptionCommand(), false).execute(args));
        JsonNode recorded = Json.MAPPER.readTree(dir.resolve("top.run/run.json").toFile());
        assertEquals(dir.resolve("data").toString(), recorded.get("data").get("data").asText(), "the run's dataset");
        assertEquals(0, Cli.commandLine(new CaptionCommand(), false).execute(
                "train", "--resume", dir.resolve("top.run").toString()));
    }
}
