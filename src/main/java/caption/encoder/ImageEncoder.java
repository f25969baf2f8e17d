package caption.encoder;

import com.fasterxml.jackson.annotation.JsonInclude;
import caption.image.ImagePreprocessor;
import caption.image.PreprocessConfig;
import caption.io.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen CNN cut after its last conv block, with the preprocessing it was trained with. Yields
 * the spatial grid and its global average (the pooled vector).
 */
public final class ImageEncoder {

    /**
     * What the model file stores beside the graph. {@code externalWeights} names weights that are
     * resolved on each machine instead of being stored (null when the graph is in the file).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Description(PreprocessConfig preprocess, String architecture, Map<String, Object> provenance,
            String externalWeights) {
        public Description {
            provenance = new LinkedHashMap<>(provenance);
        }

        public Description(PreprocessConfig preprocess, String architecture, Map<String, Object> provenance) {
            this(preprocess, architecture, provenance, null);
        }
    }

    private final ComputationGraph graph;
    private final Description description;
    private final ImagePreprocessor preprocessor;

    public ImageEncoder(ComputationGraph graph, Description description) {
        this.graph = graph;
        this.description = description;
        this.preprocessor = new ImagePreprocessor(description.preprocess());
    }

    public Description description() {
        return description;
    }

    public PreprocessConfig preprocess() {
        return description.preprocess();
    }

    public ComputationGraph graph() {
        return graph;
    }

    public Features encode(List<BufferedImage> images) {
        return encode(preprocessor.batch(images));
    }

    /** Features of preprocessed input [n, 3, S, S]. */
    public Features encode(INDArray input) {
        INDArray grid;
        synchronized (graph) { // a ComputationGraph is not safe for concurrent use
            grid = graph.outputSingle(false, input).detach();
        }
        return new Features(grid.mean(2, 3), grid);
    }

    public byte[] graphBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, out, false);
        return out.toByteArray();
    }

    public byte[] descriptionBytes() throws IOException {
        return Json.MAPPER.writeValueAsBytes(description);
    }

    public static ImageEncoder read(InputStream graphBytes, byte[] descriptionJson) throws IOException {
        Description description = Json.MAPPER.readValue(descriptionJson, Description.class);
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(graphBytes, false);
        return new ImageEncoder(graph, description);
    }
}
