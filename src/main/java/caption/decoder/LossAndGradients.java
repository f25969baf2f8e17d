package caption.decoder;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean cross-entropy per target word, the number of target words, and the gradients of the
 * training objective (cross-entropy plus any regulariser) by parameter name. {@code featureGradient}
 * is the same objective's gradient in the batch's features, [B, width] in the batch's row order,
 * when asked for ({@link CaptionDecoder#lossAndFeatureGradients}), else null.
 */
public record LossAndGradients(double loss, int words, Map<String, INDArray> gradients, INDArray featureGradient) {

    public LossAndGradients {
        if (featureGradient != null && featureGradient.rank() != 2) {
            throw new IllegalArgumentException("a feature gradient has one row per caption, not shape "
                    + java.util.Arrays.toString(featureGradient.shape()));
        }
    }

    /** Without the gradient in the features (training a frozen encoder's decoder). */
    public LossAndGradients(double loss, int words, Map<String, INDArray> gradients) {
        this(loss, words, gradients, null);
    }
}
