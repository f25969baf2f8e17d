package caption.model;

import caption.decoder.DecoderConfig;
import caption.search.SearchSettings;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code model.json}: what a model file holds and how to caption with it. An ensemble's further
 * members ({@code ensemble}, after the first, which {@code decoder} describes) caption together
 * with it; {@code weightDtype} is how the file stores the decoders' weights (float32 when absent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelConfig(
        @JsonProperty("format") String format,
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("decoder") DecoderConfig decoder,
        @JsonProperty("search") SearchSettings search,
        @JsonProperty("ensemble") List<DecoderConfig> ensemble,
        @JsonProperty("weightDtype") String weightDtype) {

    public static final String FORMAT = "caption-model";
    public static final int FORMAT_VERSION = 1;
    public static final String FLOAT32 = "float32";
    public static final String FLOAT16 = "float16";

    public ModelConfig {
        if (decoder == null) {
            throw new IllegalArgumentException("model.json has no decoder section");
        }
        if (search == null) {
            search = SearchSettings.defaults();
        }
        ensemble = ensemble == null ? List.of() : List.copyOf(ensemble);
        if (weightDtype == null) {
            weightDtype = FLOAT32;
        }
        if (!weightDtype.equals(FLOAT32) && !weightDtype.equals(FLOAT16)) {
            throw new IllegalArgumentException("weightDtype must be float32 or float16, not " + weightDtype);
        }
    }

    public static ModelConfig of(DecoderConfig decoder, SearchSettings search) {
        return new ModelConfig(FORMAT, FORMAT_VERSION, decoder, search, List.of(), FLOAT32);
    }

    /** The same first member with these further members, the file storing weights as {@code dtype}. */
    public ModelConfig withEnsemble(List<DecoderConfig> members, String dtype) {
        return new ModelConfig(format, formatVersion, decoder, search, members, dtype);
    }
}
