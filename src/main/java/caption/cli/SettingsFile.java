package caption.cli;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * A command's settings as a JSON object ({@code --config FILE.json}) whose keys are the long option
 * names without dashes, e.g. {@code {"epochs": 20, "learning-rate": 0.001}}. Options given on the
 * command line win over the file. Every problem is one line naming the file and the reason.
 */
final class SettingsFile {

    /** The file itself and a resumed run's folder: what they would set comes from elsewhere. */
    static final Set<String> NOT_SETTINGS = Set.of("config", "resume");

    private final Path file;
    private final JsonNode root;

    private SettingsFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads the file; it must hold one JSON object. */
    static SettingsFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": invalid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": settings must be a JSON object");
        }
        return new SettingsFile(file, root);
    }

    /**
     * Sets each option the file names that the parsed command line did not give, checked as the
     * option's own converter checks it; returns the keys set. Nothing is set when a key is bad.
     */
    List<String> applyTo(CommandLine commandLine) throws IOException {
        List<Setting> settings = new ArrayList<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var field = it.next();
            OptionSpec option = commandLine.getCommandSpec().findOption("--" + field.getKey());
            if (option == null || NOT_SETTINGS.contains(field.getKey())) {
                throw new IOException(file + ": unknown setting '" + field.getKey() + "'");
            }
            if (!commandLine.getParseResult().hasMatchedOption(option)) {
                settings.add(new Setting(field.getKey(), option, value(field.getKey(), field.getValue(), option)));
            }
        }
        settings.forEach(s -> s.option().setValue(s.value()));
        return settings.stream().map(Setting::key).toList();
    }

    private record Setting(String key, OptionSpec option, Object value) {}

    /** The value of the option's type; a counting option's converter also rejects, e.g., a batch size of 0. */
    private Object value(String key, JsonNode node, OptionSpec option) throws IOException {
        Object value;
        try {
            value = Json.MAPPER.convertValue(node, option.type());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": '" + key + "' is not a " + option.type().getSimpleName());
        }
        for (ITypeConverter<?> converter : option.converters()) {
            try {
                value = converter.convert(String.valueOf(value));
            } catch (TypeConversionException e) {
                throw new IOException(file + ": '" + key + "': " + e.getMessage());
            } catch (Exception e) {
                throw new IOException(file + ": '" + key + "' is not a " + option.type().getSimpleName());
            }
        }
        return value;
    }
}
