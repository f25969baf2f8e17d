package caption.model;

import caption.decoder.DecoderConfig;
import caption.search.SearchSettings;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code model.json}: what a model file holds and how to caption with it. */
public record ModelConfig(
        @JsonProperty("format") String format,
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("decoder") DecoderConfig decoder,
        @JsonProperty("search") SearchSettings search) {

    public static final String FORMAT = "caption-model";
    public static final int FORMAT_VERSION = 1;

    public ModelConfig {
        if (decoder == null) {
            throw new IllegalArgumentException("model.json has no decoder section");
        }
        if (search == null) {
            search = SearchSettings.defaults();
        }
    }

    public static ModelConfig of(DecoderConfig decoder, SearchSettings search) {
        return new ModelConfig(FORMAT, FORMAT_VERSION, decoder, search);
    }
}
