package caption.decoder;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sizes of the Show-and-Tell decoder, checked on construction. */
public record DecoderConfig(
        @JsonProperty("type") String type,
        @JsonProperty("vocabularySize") int vocabularySize,
        @JsonProperty("featureSize") int featureSize,
        @JsonProperty("embeddingSize") int embeddingSize,
        @JsonProperty("hiddenSize") int hiddenSize,
        @JsonProperty("dropout") double dropout) {

    /** The decoder whose LSTM state starts from the pooled image vector. */
    public static final String SHOW_TELL = "show-tell";

    public DecoderConfig {
        if (type == null) {
            type = SHOW_TELL;
        }
        if (!type.equals(SHOW_TELL)) {
            throw new IllegalArgumentException("unknown decoder type: " + type);
        }
        if (vocabularySize < 5 || featureSize < 1 || embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("decoder sizes must be positive (vocabulary at least 5)");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }
}
