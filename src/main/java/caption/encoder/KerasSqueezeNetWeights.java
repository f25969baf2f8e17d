package caption.encoder;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads the published Keras SqueezeNet v1.1 ImageNet weights (HDF5, TensorFlow kernel order
 * [kh, kw, in, out]) into the zoo's SqueezeNet graph, whose kernels are [out, in, kh, kw]. Keras-1
 * names: group {@code /conv1} or {@code /fire2/squeeze1x1}; in it a kernel dataset and, in it or one
 * group down, a dataset ending in {@code _b} for the bias. Read with jhdf (pure Java).
 */
public final class KerasSqueezeNetWeights {

    private KerasSqueezeNetWeights() {}

    /** Copies every convolution's kernel and bias from the file into the graph (conv1 .. fire9). */
    public static void load(ComputationGraph graph, Path h5) throws IOException {
        try (HdfFile file = new HdfFile(h5)) {
            int loaded = 0;
            for (String layer : layerNames(graph)) {
                Group group = group(file, kerasGroup(layer), h5);
                INDArray kernel = kernel(group, h5);
                INDArray bias = bias(group, h5);
                INDArray w = graph.getParam(layer + "_W");
                INDArray b = graph.getParam(layer + "_b");
                INDArray dl4jKernel = kernel.permute(3, 2, 0, 1);
                if (!Arrays.equals(w.shape(), dl4jKernel.shape()) || b.length() != bias.length()) {
                    throw new IOException(h5 + ": " + layer + " has kernel " + Arrays.toString(dl4jKernel.shape())
                            + " but the network wants " + Arrays.toString(w.shape()));
                }
                w.assign(dl4jKernel);
                b.assign(bias.reshape(b.shape()));
                loaded++;
            }
            if (loaded == 0) {
                throw new IOException(h5 + ": the network has no SqueezeNet convolutions to load");
            }
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(h5 + ": not a SqueezeNet v1.1 Keras weights file (" + e.getMessage() + ")", e);
        }
    }

    /** The graph's convolutions: conv1 and fireN_{sq1x1, exp1x1, exp3x3}. */
    static String[] layerNames(ComputationGraph graph) {
        return graph.getConfiguration().getVertices().keySet().stream()
                .filter(name -> name.equals("conv1") || name.matches("fire\\d_(sq1x1|exp1x1|exp3x3)"))
                .toArray(String[]::new);
    }

    /** The zoo's {@code fire2_sq1x1} is Keras's {@code /fire2/squeeze1x1}. */
    static String kerasGroup(String layer) {
        if (layer.equals("conv1")) {
            return "/conv1";
        }
        String[] parts = layer.split("_");
        String kind = switch (parts[1]) {
            case "sq1x1" -> "squeeze1x1";
            case "exp1x1" -> "expand1x1";
            case "exp3x3" -> "expand3x3";
            default -> throw new IllegalArgumentException(layer);
        };
        return "/" + parts[0] + "/" + kind;
    }

    private static Group group(HdfFile file, String path, Path h5) throws IOException {
        try {
            Node node = file.getByPath(path);
            if (node instanceof Group g) {
                return g;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IOException(h5 + ": no group " + path + " (not the SqueezeNet v1.1 Keras weights file?)");
    }

    private static INDArray kernel(Group group, Path h5) throws IOException {
        for (Node child : group) {
            if (child instanceof Dataset d && d.getDimensions().length == 4) {
                return toArray(d);
            }
        }
        throw new IOException(h5 + ": no kernel in " + group.getPath());
    }

    /** The dataset ending in {@code _b}, in the group itself (conv1) or one group down (fire blocks). */
    private static INDArray bias(Group group, Path h5) throws IOException {
        for (Node child : group) {
            if (isBias(child)) {
                return toArray((Dataset) child);
            }
            if (child instanceof Group inner) {
                for (Node leaf : inner) {
                    if (isBias(leaf)) {
                        return toArray((Dataset) leaf);
                    }
                }
            }
        }
        throw new IOException(h5 + ": no bias in " + group.getPath());
    }

    private static boolean isBias(Node node) {
        return node instanceof Dataset && node.getName().toLowerCase(Locale.ROOT).endsWith("_b");
    }

    private static INDArray toArray(Dataset dataset) {
        Object data = dataset.getDataFlat();
        long[] shape = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
        return Nd4j.create((float[]) data, shape, 'c');
    }
}
