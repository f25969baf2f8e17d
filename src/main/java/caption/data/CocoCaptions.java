package caption.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The COCO caption annotation file ({@code captions.json}) as Jackson reads and writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CocoCaptions(
        @JsonProperty("info") Map<String, Object> info,
        @JsonProperty("images") List<Image> images,
        @JsonProperty("annotations") List<Annotation> annotations) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(
            @JsonProperty("id") long id,
            @JsonProperty("file_name") String fileName,
            @JsonProperty("width") Integer width,
            @JsonProperty("height") Integer height) {}

    public record Annotation(
            @JsonProperty("id") long id,
            @JsonProperty("image_id") long imageId,
            @JsonProperty("caption") String caption) {}
}
