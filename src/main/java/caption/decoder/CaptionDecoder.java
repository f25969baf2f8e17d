package caption.decoder;

import caption.search.StepFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What training, search and the model file need of a decoder, whichever kind it is: teacher-forced
 * loss and gradients, and a step function for one image. Features are one row per image: the pooled
 * vector ({@link ShowTellDecoder}) or the spatial grid flattened position by position
 * ({@link AttendTellDecoder}).
 */
public interface CaptionDecoder {

    DecoderConfig config();

    DecoderParams params();

    /** The same kind of decoder with other weights. */
    CaptionDecoder withParams(DecoderParams params);

    /** A decoder with a copy of these weights. */
    default CaptionDecoder copy() {
        return withParams(params().copy());
    }

    /** Mean cross-entropy per target word, without dropout or regularisers (validation). */
    double loss(Batch batch);

    /** Loss and the gradients of the training objective, with dropout drawn from {@code dropoutRng}. */
    LossAndGradients lossAndGradients(Batch batch, Random dropoutRng);

    /**
     * {@link #lossAndGradients}, and the gradient of the same objective in the batch's features
     * ({@link LossAndGradients#featureGradient}): in the features as the decoder reads them, scaled;
     * {@link FeatureScaler#unscaledGradient} takes it to the encoder's output, whose backward pass
     * starts from it when the encoder trains too. Asked for separately because a frozen encoder
     * needs no such gradient.
     */
    default LossAndGradients lossAndFeatureGradients(Batch batch, Random dropoutRng) {
        throw new UnsupportedOperationException(config().type() + " decoders give no gradient in their features");
    }

    /** The decoder seen by the search for one image's feature row [1, width]; banned words get probability 0. */
    StepFunction<?> steps(INDArray features, int... banned);

    /**
     * The decoder seen by the search for n images at once, their feature rows [n, width]: the
     * initial state's row i is image i's ({@link caption.search.BeamSearch#searchEach}). Null where
     * images searched together would not get the captions each gets alone: a decoder type whose
     * search takes one image at a time, or numerics that round a row by the rows beside it.
     */
    default StepFunction<?> batchSteps(INDArray features, int... banned) {
        return null;
    }

    /** Attention weights [words + 1][regions] while writing {@code words} then the end, or null without attention. */
    default float[][] attention(INDArray features, int startId, int[] words) {
        return null;
    }

    /**
     * {@link #attention} of n images, their feature rows [n, width], image i writing {@code words.get(i)}:
     * one list entry per image, each as that image's own call gives it.
     */
    default List<float[][]> attentionEach(INDArray features, int startId, List<int[]> words) {
        if (features.rows() != words.size()) {
            throw new IllegalArgumentException(features.rows() + " feature rows, captions for " + words.size());
        }
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            out.add(attention(features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), startId, words.get(i)));
        }
        return out;
    }

    /**
     * The LSTM's states, gates and next-word distributions while writing {@code words} then the end,
     * or null for a decoder whose search does not show them.
     */
    default LstmTrace trace(INDArray features, int startId, int[] words, int... banned) {
        return LstmTrace.replay(steps(features, banned), startId, words, config().hiddenSize());
    }
}
