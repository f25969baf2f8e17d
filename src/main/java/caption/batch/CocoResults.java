package caption.batch;

import caption.io.Json;
import caption.model.Caption;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A COCO results file ({@code --format coco}): one JSON array of {@code {"image_id", "caption"}},
 * as the COCO caption evaluation server and toolkit read it. Image ids come from an annotations
 * file's {@code images} ({@code id}, {@code file_name}), matched by file name. Failed images have no
 * entry (their errors are reported as in any run); a captioned image whose name is not in the
 * annotations, or whose id was already written, is left out and listed in {@link #problems()}.
 */
public final class CocoResults implements ResultWriter {

    private final Map<String, Long> ids;
    private final Writer out;
    private final boolean ownsWriter;
    private final Set<Long> written = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private CocoResults(Map<String, Long> ids, Writer out, boolean ownsWriter) throws IOException {
        this.ids = ids;
        this.out = out;
        this.ownsWriter = ownsWriter;
        out.write("[");
    }

    /** File name (its last path element) to image id, from a COCO annotations file's {@code images}. */
    public static Map<String, Long> imageIds(Path annotations) throws IOException {
        JsonNode images = Json.MAPPER.readTree(annotations.toFile()).get("images");
        if (images == null || !images.isArray()) {
            throw new IOException(annotations + ": not a COCO annotations file (no \"images\" array)");
        }
        Map<String, Long> ids = new HashMap<>();
        for (JsonNode image : images) {
            if (!image.hasNonNull("id") || !image.hasNonNull("file_name")) {
                throw new IOException(annotations + ": an image without \"id\" or \"file_name\": " + image);
            }
            ids.put(fileName(image.get("file_name").asText()), image.get("id").asLong());
        }
        return ids;
    }

    public static CocoResults create(Map<String, Long> ids, Path file) throws IOException {
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new CocoResults(ids, writer, true);
    }

    /** To a writer the caller owns (stdout). */
    public static CocoResults to(Map<String, Long> ids, PrintWriter out) throws IOException {
        return new CocoResults(ids, out, false);
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    @Override
    public synchronized void write(Caption result) throws IOException {
        if (!result.ok()) {
            return;
        }
        Long id = ids.get(fileName(result.source()));
        if (id == null) {
            problems.add(result.source() + ": not in the annotations file");
            return;
        }
        if (!written.add(id)) {
            problems.add(result.source() + ": image id " + id + " already has a caption");
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("image_id", id);
        entry.put("caption", result.text());
        out.write(written.size() == 1 ? "\n" : ",\n");
        out.write(Json.COMPACT.writeValueAsString(entry));
        out.flush();
    }

    /** Captioned images left out, with why. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() throws IOException {
        out.write(written.isEmpty() ? "]\n" : "\n]\n");
        if (ownsWriter) {
            out.close();
        } else {
            out.flush();
        }
    }
}
