package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The --config file: what it sets, what it rejects, and that the command line wins. */
class SettingsFileTest {

    @TempDir
    Path dir;

    @Command(name = "fit")
    static final class Fit {
        @Option(names = "--epochs", defaultValue = "10", converter = PositiveInteger.class)
        int epochs;

        @Option(names = "--learning-rate", defaultValue = "0.002")
        double learningRate;

        @Option(names = "--val-split")
        String validationSplit;

        @Option(names = "--out")
        Path out;

        @Option(names = "--pool-max")
        boolean poolMax;

        @Option(names = "--config")
        Path config;

        @Option(names = "--resume")
        Path resume;
    }

    /** Parses {@code args}, then applies {@code json} as a settings file. */
    private Fit apply(String json, String... args) throws IOException {
        Fit fit = new Fit();
        CommandLine cl = new CommandLine(fit);
        cl.parseArgs(args);
        SettingsFile.read(Files.writeString(dir.resolve("s.json"), json)).applyTo(cl);
        return fit;
    }

    private String failure(String json) {
        return assertThrows(IOException.class, () -> apply(json)).getMessage();
    }

    @Test
    void setsTheOptionsItNames() throws IOException {
        Fit fit = apply("{\"epochs\": 3, \"learning-rate\": 0.01, \"val-split\": \"val\", \"out\": \"m.zip\", "
                + "\"pool-max\": true}");
        assertEquals(3, fit.epochs);
        assertEquals(0.01, fit.learningRate);
        assertEquals("val", fit.validationSplit);
        assertEquals(Path.of("m.zip"), fit.out);
        assertEquals(true, fit.poolMax);
    }

    @Test
    void theCommandLineWins() throws IOException {
        Fit fit = new Fit();
        CommandLine cl = new CommandLine(fit);
        cl.parseArgs("--epochs", "5");
        Path file = Files.writeString(dir.resolve("s.json"), "{\"epochs\": 3, \"learning-rate\": 0.01}");
        assertEquals(List.of("learning-rate"), SettingsFile.read(file).applyTo(cl));
        assertEquals(5, fit.epochs);
        assertEquals(0.01, fit.learningRate);
    }

    @Test
    void optionsTheFileDoesNotNameKeepTheirDefaults() throws IOException {
        Fit fit = apply("{}");
        assertEquals(10, fit.epochs);
        assertNull(fit.validationSplit);
    }

    @Test
    void unknownKeysAreRejected() {
        assertEquals(dir.resolve("s.json") + ": unknown setting 'epochz'", failure("{\"epochz\": 1}"));
        assertEquals(dir.resolve("s.json") + ": unknown setting '--epochs'", failure("{\"--epochs\": 1}"));
    }

    @Test
    void configAndResumeAreNotSettings() {
        assertEquals(dir.resolve("s.json") + ": unknown setting 'config'", failure("{\"config\": \"other.json\"}"));
        assertEquals(dir.resolve("s.json") + ": unknown setting 'resume'", failure("{\"resume\": \"run\"}"));
    }

    @Test
    void wrongTypesAreRejected() {
        assertEquals(dir.resolve("s.json") + ": 'epochs' is not a int", failure("{\"epochs\": \"many\"}"));
        assertEquals(dir.resolve("s.json") + ": 'learning-rate' is not a double",
                failure("{\"learning-rate\": [0.1]}"));
    }

    @Test
    void theOptionsConverterChecksTheValue() {
        assertEquals(dir.resolve("s.json") + ": 'epochs': '0' must be at least 1", failure("{\"epochs\": 0}"));
    }

    @Test
    void nothingIsSetWhenAKeyIsBad() throws IOException {
        Fit fit = new Fit();
        CommandLine cl = new CommandLine(fit);
        cl.parseArgs();
        Path file = Files.writeString(dir.resolve("s.json"), "{\"learning-rate\": 0.01, \"epochz\": 1}");
        assertThrows(IOException.class, () -> SettingsFile.read(file).applyTo(cl));
        assertEquals(0.002, fit.learningRate);
    }

    @Test
    void invalidJsonIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"epochs\": 3,");
        String message = assertThrows(IOException.class, () -> SettingsFile.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": invalid JSON (") && !message.contains("\n"), message);
    }

    @Test
    void settingsMustBeAnObject() throws IOException {
        Path file = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertEquals(file + ": settings must be a JSON object",
                assertThrows(IOException.class, () -> SettingsFile.read(file)).getMessage());
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertEquals(empty + ": settings must be a JSON object",
                assertThrows(IOException.class, () -> SettingsFile.read(empty)).getMessage());
    }

    @Test
    void aMissingFileIsOneLine() {
        Path file = dir.resolve("none.json");
        IOException e = assertThrows(IOException.class, () -> SettingsFile.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }
}
