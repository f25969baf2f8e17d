package caption.data;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Helpers for the JSON dataset formats. */
final class JsonSources {

    private JsonSources() {}

    /** The top-level keys of a JSON object file, read as a stream (files can be hundreds of MB). */
    static Set<String> topLevelKeys(Path file) throws IOException {
        Set<String> keys = new HashSet<>();
        if (!Files.isRegularFile(file) || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return keys;
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return keys;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            return keys;
        }
        return keys;
    }

    static JsonNode read(Path file) throws IOException {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new CaptionDataset.DatasetException(file + ": invalid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
