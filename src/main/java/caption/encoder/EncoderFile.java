package caption.encoder;

import caption.io.Json;
import caption.io.ZipEntries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder on its own (before a decoder is trained on it): graph and description in one zip.
 * Every encoder is written with its graph, so a file needs nothing else. A description without a
 * graph, naming {@code externalWeights} instead, is read too: those published weights are resolved
 * on this machine as for training ({@link ImageNetEncoder#load}) and checked against the recorded sha256.
 */
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

    /** The encoder's entries, their names under {@code prefix}: its description and its graph with the weights. */
    public static Map<String, byte[]> entries(ImageEncoder encoder, String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + DESCRIPTION_ENTRY, Json.MAPPER.writeValueAsBytes(encoder.description().withWeightsInside()));
        entries.put(prefix + GRAPH_ENTRY, encoder.graphBytes());
        return entries;
    }

    public static ImageEncoder fromEntries(Map<String, byte[]> entries, String prefix, Path source)
            throws IOException {
        byte[] description = entries.get(prefix + DESCRIPTION_ENTRY);
        byte[] graph = entries.get(prefix + GRAPH_ENTRY);
        if (description != null && graph == null) {
            ImageEncoder.Description saved = Json.MAPPER.readValue(description, ImageEncoder.Description.class);
            if (saved.externalWeights() != null) {
                return external(saved, source);
            }
        }
        if (description == null || graph == null) {
            throw new IOException(source + ": holds no encoder (" + prefix + DESCRIPTION_ENTRY + " and "
                    + prefix + GRAPH_ENTRY + " are needed)");
        }
        return ImageEncoder.read(new ByteArrayInputStream(graph), description);
    }

    /**
     * An encoder whose file names its weights instead of holding them: resolved here and checked
     * against the ones it was saved with. The loaded encoder's description does not name them, so
     * writing it again stores the graph.
     */
    private static ImageEncoder external(ImageEncoder.Description saved, Path source) throws IOException {
        if (!ImageNetEncoder.WEIGHTS_ID.equals(saved.externalWeights())) {
            throw new IOException(source + ": unknown encoder weights '" + saved.externalWeights() + "'");
        }
        ImageEncoder encoder = ImageNetEncoder.load(null, new PrintWriter(System.err, true));
        Object expected = saved.provenance().get("sha256");
        Object actual = encoder.description().provenance().get("sha256");
        if (expected != null && actual != null && !expected.equals(actual)) {
            throw new IOException(source + ": was trained with encoder weights of sha256 " + expected + ", but "
                    + encoder.description().provenance().get("source") + " has " + actual);
        }
        return new ImageEncoder(encoder.graph(), saved.withWeightsInside());
    }
}
