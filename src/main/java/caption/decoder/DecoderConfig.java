package caption.decoder;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which decoder a model holds and its sizes: the type must be registered ({@link DecoderTypes}) and
 * the common sizes are checked on construction, the type's own settings by the type when a decoder
 * is made ({@link DecoderType#check}). {@code featureSize} is the
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

    @JsonCreator
    public DecoderConfig {
        if (type == null) {
            type = DecoderTypes.DEFAULT;
        }
        DecoderTypes.named(type); // an unknown type fails here, naming the known ones
        if (vocabularySize < 5 || featureSize < 1 || embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("decoder sizes must be positive (vocabulary at least 5)");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }

    /** A config without attention settings. */
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

    /** The registered type this config names (its own checks: {@link DecoderType#check}). */
    public DecoderType decoderType() {
        return DecoderTypes.named(type);
    }

    /** Width of one image's feature row. */
    public int featureWidth() {
        return decoderType().input() == DecoderType.FeatureInput.GRID ? regions * featureSize : featureSize;
    }
}
