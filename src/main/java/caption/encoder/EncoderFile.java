package caption.encoder;

import caption.io.Json;
import caption.io.ZipEntries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** An encoder on its own (before a decoder is trained on it): graph and description in one zip. */
public final class EncoderFile {

    public static final String GRAPH_ENTRY = "graph.zip";
    public static final String DESCRIPTION_ENTRY = "encoder.json";

    private EncoderFile() {}

    public static void save(ImageEncoder encoder, Path path) throws IOException {
        ZipEntries.write(path, entries(encoder, ""));
    }

    public static ImageEncoder load(Path path) throws IOException {
        return fromEntries(ZipEntries.read(path), "", path);
    }

    /** The encoder's entries, their names under {@code prefix}. */
    public static Map<String, byte[]> entries(ImageEncoder encoder, String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + DESCRIPTION_ENTRY, encoder.descriptionBytes());
        if (encoder.description().externalWeights() == null) {
            entries.put(prefix + GRAPH_ENTRY, encoder.graphBytes());
        }
        return entries;
    }

    public static ImageEncoder fromEntries(Map<String, byte[]> entries, String prefix, Path source)
            throws IOException {
        byte[] description = entries.get(prefix + DESCRIPTION_ENTRY);
        byte[] graph = entries.get(prefix + GRAPH_ENTRY);
        if (description != null && graph == null) {
            return external(Json.MAPPER.readValue(description, ImageEncoder.Description.class), source);
        }
        if (description == null || graph == null) {
            throw new IOException(source + ": holds no encoder (" + prefix + DESCRIPTION_ENTRY + " and "
                    + prefix + GRAPH_ENTRY + " are needed)");
        }
        return ImageEncoder.read(new ByteArrayInputStream(graph), description);
    }

    /** An encoder whose weights are resolved here, checked against the ones it was saved with. */
    private static ImageEncoder external(ImageEncoder.Description saved, Path source) throws IOException {
        if (!ImageNetEncoder.WEIGHTS_ID.equals(saved.externalWeights())) {
            throw new IOException(source + ": unknown encoder weights '" + saved.externalWeights() + "'");
        }
        ImageEncoder encoder = ImageNetEncoder.load(null, new java.io.PrintWriter(System.err, true));
        Object expected = saved.provenance().get("sha256");
        Object actual = encoder.description().provenance().get("sha256");
        if (expected != null && actual != null && !expected.equals(actual)) {
            throw new IOException(source + ": was trained with encoder weights of sha256 " + expected + ", but "
                    + encoder.description().provenance().get("source") + " has " + actual);
        }
        return new ImageEncoder(encoder.graph(), saved);
    }
}
