package caption.eval;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the two files the COCO toolkit scores: a caption annotation file (references) and a
 * results file. Each problem is one {@link CocoFileException} naming the file and the reason.
 */
public final class CocoFiles {

    /** A bad annotation or results file; the message starts with the file's path. */
    public static final class CocoFileException extends IOException {
        CocoFileException(Path file, String reason) {
            super(file + ": " + reason);
        }
    }

    private CocoFiles() {}

    /** Reference captions per image id, from {@code annotations} (images without any are absent). */
    public static Map<Long, List<String>> readReferences(Path file) throws IOException {
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw new CocoFileException(file, "not a COCO caption annotation file (expected a JSON object)");
        }
        for (String key : List.of("images", "annotations")) {
            if (!root.has(key)) {
                throw new CocoFileException(file, "missing key '" + key + "'");
            }
            if (!root.get(key).isArray()) {
                throw new CocoFileException(file, "'" + key + "' is not an array");
            }
        }
        Map<Long, List<String>> references = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode annotation : root.get("annotations")) {
            long id = imageId(file, annotation, "annotation", index);
            references.computeIfAbsent(id, k -> new ArrayList<>()).add(caption(file, annotation, "annotation", index));
            index++;
        }
        return references;
    }

    /** One caption per image id, in the file's order. */
    public static Map<Long, String> readResults(Path file) throws IOException {
        JsonNode root = parse(file);
        if (!root.isArray()) {
            throw new CocoFileException(file, "not a COCO results file (expected a JSON array of {image_id, caption})");
        }
        Map<Long, String> results = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode result : root) {
            long id = imageId(file, result, "result", index);
            if (results.put(id, caption(file, result, "result", index)) != null) {
                throw new CocoFileException(file, "more than one result for image " + id);
            }
            index++;
        }
        if (results.isEmpty()) {
            throw new CocoFileException(file, "no results");
        }
        return results;
    }

    /** Checks that every result's image has references. */
    public static void checkCovered(Path resultsFile, Map<Long, String> results, Map<Long, List<String>> references)
            throws CocoFileException {
        for (long id : results.keySet()) {
            if (!references.containsKey(id)) {
                throw new CocoFileException(resultsFile, "result for image " + id + ", which has no reference captions");
            }
        }
    }

    private static JsonNode parse(Path file) throws IOException {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CocoFileException(file, "no such file");
        } catch (JsonProcessingException e) {
            throw new CocoFileException(file, "invalid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static long imageId(Path file, JsonNode node, String what, int index) throws CocoFileException {
        JsonNode id = node.get("image_id");
        if (id == null) {
            throw new CocoFileException(file, what + " " + index + " has no 'image_id'");
        }
        if (!id.canConvertToLong() || !id.isIntegralNumber()) {
            throw new CocoFileException(file, what + " " + index + ": 'image_id' is not an integer");
        }
        return id.asLong();
    }

    private static String caption(Path file, JsonNode node, String what, int index) throws CocoFileException {
        JsonNode caption = node.get("caption");
        if (caption == null || !caption.isTextual()) {
            throw new CocoFileException(file, what + " " + index + " has no 'caption' string");
        }
        return caption.asText();
    }
}
