package caption.encoder;

import caption.image.PreprocessConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.SqueezeNet;

/**
 * The real-photo encoder: the zoo's SqueezeNet v1.1 with ImageNet weights, cut after fire9 (13 x 13 x
 * 512 at 227 px), Caffe preprocessing. Training a new model resolves the weights here
 * ({@link ImageNetWeights}, then the zoo's {@code initPretrained}, then a download); the model file
 * then carries them in its encoder graph, their file, sha256, source and licence in its provenance.
 * A model file that names {@link #WEIGHTS_ID} instead of holding a graph resolves them here too.
 */
public final class ImageNetEncoder {

    /** What a model file's encoder description may name instead of holding a graph. */
    public static final String WEIGHTS_ID = "squeezenet-v1.1-imagenet-keras-notop";
    public static final String CUT = SqueezeNetFactory.LAST_FIRE;
    public static final String ARCHITECTURE = "zoo SqueezeNet v1.1, ImageNet weights, cut after " + CUT;

    private ImageNetEncoder() {}

    /** Resolves the weights in the documented order and builds the frozen encoder. */
    public static ImageEncoder load(Path explicitWeights, PrintWriter log) throws IOException {
        List<String> attempts = new ArrayList<>();
        Optional<ImageNetWeights.Found> local = ImageNetWeights.local(explicitWeights);
        if (local.isPresent()) {
            return fromKeras(local.get());
        }
        attempts.add("no --encoder-weights, no " + ImageNetWeights.ENVIRONMENT + ", nothing in "
                + ImageNetWeights.cacheFile());
        try {
            ComputationGraph zoo = (ComputationGraph) SqueezeNet.builder().build().initPretrained(PretrainedType.IMAGENET);
            return encoder(SqueezeNetFactory.cutAfter(zoo, CUT), Map.of("weights", "DL4J zoo initPretrained(IMAGENET)"));
        } catch (Exception | ExceptionInInitializerError e) {
            attempts.add("DL4J zoo initPretrained: " + oneLine(e));
        }
        try {
            return fromKeras(ImageNetWeights.download(log));
        } catch (IOException e) {
            attempts.add("download: " + oneLine(e));
        }
        throw ImageNetWeights.notFound(attempts);
    }

    /** The encoder with the Keras weights of this file. */
    public static ImageEncoder fromKeras(ImageNetWeights.Found found) throws IOException {
        ComputationGraph graph = SqueezeNetFactory.truncated(PreprocessConfig.imagenetCaffe().size(), CUT, 0);
        KerasSqueezeNetWeights.load(graph, found.file());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("weights", "Keras SqueezeNet v1.1 ImageNet (MIT licence), " + ImageNetWeights.FILE_NAME);
        provenance.put("sha256", ImageNetWeights.sha256Of(found.file()));
        provenance.put("source", found.source());
        return encoder(graph, provenance);
    }

    private static ImageEncoder encoder(ComputationGraph graph, Map<String, Object> provenance) {
        return new ImageEncoder(SqueezeNetFactory.freeze(graph, CUT),
                new ImageEncoder.Description(PreprocessConfig.imagenetCaffe(), ARCHITECTURE, provenance));
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
