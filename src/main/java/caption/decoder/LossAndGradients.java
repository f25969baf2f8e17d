package caption.decoder;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean cross-entropy per target word, the number of target words, and the gradients of the
 * training objective (cross-entropy plus any regulariser) by parameter name.
 */
public record LossAndGradients(double loss, int words, Map<String, INDArray> gradients) {}
