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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A frozen CNN cut after its last conv block, with the preprocessing it was trained with. Yields
 * the spatial grid and its global average (the pooled vector).
 */
public final class ImageEncoder {

    /**
     * What the model file stores beside the graph. {@code externalWeights} is read only from a file
     * without a graph: it names published weights to resolve on the machine that reads the file
     * ({@link EncoderFile}); it is null in memory and in every file written, which hold the graph.
     * {@code poolRegions} is how the grid becomes the pooled vector: 0 or 1, its global average;
     * R, the averages of R x R regions (adaptive pooling) side by side, which keeps where things are.
     * {@code poolMax} adds the grid's global maximum after the average: a small object's strongest
     * responses survive, where the average over the grid dilutes them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Description(PreprocessConfig preprocess, String architecture, Map<String, Object> provenance,
            String externalWeights, Integer poolRegions, Boolean poolMax) {
        public Description {
            provenance = new LinkedHashMap<>(provenance);
            if (poolRegions != null && poolRegions < 0) {
                throw new IllegalArgumentException("poolRegions must not be negative");
            }
        }

        public Description(PreprocessConfig preprocess, String architecture, Map<String, Object> provenance) {
            this(preprocess, architecture, provenance, null, null, null);
        }

        /** The same description for a file that holds the graph: no {@code externalWeights}. */
        public Description withWeightsInside() {
            return new Description(preprocess, architecture, provenance, null, poolRegions, poolMax);
        }

        /** The same encoder pooled over R x R regions. */
        public Description withPoolRegions(int regions) {
            return new Description(preprocess, architecture, provenance, externalWeights, regions, poolMax);
        }

        /** The same encoder with the global maximum added to the pooled vector. */
        public Description withPoolMax() {
            return new Description(preprocess, architecture, provenance, externalWeights, poolRegions, true);
        }

        int regions() {
            return poolRegions == null ? 1 : Math.max(1, poolRegions);
        }
    }

    private final ComputationGraph graph;
    private final Description description;
    private final ImagePreprocessor preprocessor;
    /** Compiled on first use from the frozen graph's parameters. */
    private NativeGraphForward nativeForward;
    private boolean nativeChecked;

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
        INDArray grid = grid(input);
        INDArray pooled = pool(grid, description.regions());
        if (Boolean.TRUE.equals(description.poolMax())) {
            pooled = Nd4j.hstack(pooled, grid.max(2, 3));
        }
        return new Features(pooled, grid);
    }

    /**
     * The feature map: through libnd4j's convolution ops when the graph allows it (several times
     * faster than DL4J's layers, same weights, and safe for concurrent use), else through DL4J.
     */
    private INDArray grid(INDArray input) {
        NativeGraphForward forward = nativeForward();
        if (forward != null) {
            return forward.output(input);
        }
        synchronized (graph) { // a ComputationGraph is not safe for concurrent use
            return graph.outputSingle(false, input).detach();
        }
    }

    private synchronized NativeGraphForward nativeForward() {
        if (!nativeChecked) {
            nativeForward = NativeGraphForward.supports(graph) ? NativeGraphForward.of(graph) : null;
            nativeChecked = true;
        }
        return nativeForward;
    }

    /** Adaptive average pooling of [n, C, H, W] to R x R regions, flattened region by region to [n, C R R]. */
    static INDArray pool(INDArray grid, int regions) {
        if (regions == 1) {
            return grid.mean(2, 3);
        }
        long h = grid.size(2);
        long w = grid.size(3);
        INDArray[] parts = new INDArray[regions * regions];
        for (int i = 0; i < regions; i++) {
            for (int j = 0; j < regions; j++) {
                parts[i * regions + j] = grid.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(i * h / regions, ceilDiv((i + 1) * h, regions)),
                        NDArrayIndex.interval(j * w / regions, ceilDiv((j + 1) * w, regions))).mean(2, 3);
            }
        }
        return Nd4j.hstack(parts);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The same network with another description (e.g. other pooling). */
    public ImageEncoder withDescription(Description other) {
        return new ImageEncoder(graph, other);
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
