package caption.decoder;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which decoder a model holds and its sizes, checked on construction. {@code featureSize} is the
 * channels of one feature vector: the pooled vector for show-tell, one grid position for
 * show-attend-tell, which also has the number of grid {@code regions}, the attention layer's size
 * and the weight {@code attentionLambda} of the doubly stochastic regulariser, and
 * {@code positionChannels}: 2 when each grid position's vector is extended with its (x, y) in
 * [-1, 1], so the attended context says where it looked (a square grid), or 0.
 */
public record DecoderConfig(
        @JsonProperty("type") String type,
        @JsonProperty("vocabularySize") int vocabularySize,
        @JsonProperty("featureSize") int featureSize,
        @JsonProperty("embeddingSize") int embeddingSize,
        @JsonProperty("hiddenSize") int hiddenSize,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("regions") int regions,
        @JsonProperty("attentionSize") int attentionSize,
        @JsonProperty("attentionLambda") double attentionLambda,
        @JsonProperty("positionChannels") int positionChannels) {

    /** The decoder whose LSTM state starts from the pooled image vector (Show and Tell). */
    public static final String SHOW_TELL = "show-tell";
    /** The decoder with soft attention over the spatial grid (Show, Attend and Tell). */
    public static final String SHOW_ATTEND_TELL = "show-attend-tell";

    @JsonCreator
    public DecoderConfig {
        if (type == null) {
            type = SHOW_TELL;
        }
        if (!type.equals(SHOW_TELL) && !type.equals(SHOW_ATTEND_TELL)) {
            throw new IllegalArgumentException("unknown decoder type: " + type + " (show-tell or show-attend-tell)");
        }
        if (vocabularySize < 5 || featureSize < 1 || embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("decoder sizes must be positive (vocabulary at least 5)");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (type.equals(SHOW_ATTEND_TELL) && (regions < 1 || attentionSize < 1 || !(attentionLambda >= 0))) {
            throw new IllegalArgumentException("an attention decoder needs regions and attention size of at least 1 "
                    + "and a non-negative regulariser weight");
        }
        if (positionChannels != 0 && (positionChannels != 2 || !type.equals(SHOW_ATTEND_TELL)
                || gridSide(regions) * gridSide(regions) != regions)) {
            throw new IllegalArgumentException("position channels are 0, or 2 for an attention decoder over a square grid");
        }
    }

    /** A Show-and-Tell config. */
    public DecoderConfig(String type, int vocabularySize, int featureSize, int embeddingSize, int hiddenSize,
            double dropout) {
        this(type, vocabularySize, featureSize, embeddingSize, hiddenSize, dropout, 0, 0, 0, 0);
    }

    /** Positions along one side of a square grid of {@code regions}. */
    public static int gridSide(int regions) {
        return (int) Math.round(Math.sqrt(regions));
    }

    /** Channels of the vector the decoder reads from the image at each step: features plus position. */
    public int contextSize() {
        return featureSize + positionChannels;
    }

    public boolean attends() {
        return type.equals(SHOW_ATTEND_TELL);
    }

    /** Width of one image's feature row. */
    public int featureWidth() {
        return attends() ? regions * featureSize : featureSize;
    }
}
