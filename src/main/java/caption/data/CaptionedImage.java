package caption.data;

import java.nio.file.Path;
import java.util.List;

/** One image of a dataset with its reference captions. */
public record CaptionedImage(long id, Path path, List<String> captions) {
    public CaptionedImage {
        captions = List.copyOf(captions);
    }
}
