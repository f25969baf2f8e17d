package caption.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one format of captioned-image dataset into a {@link CaptionDataset}. */
public interface DatasetReader {

    /** The name users give with {@code --format}. */
    String name();

    /** Whether {@code source} looks like this format (for automatic detection). */
    boolean accepts(Path source) throws IOException;

    CaptionDataset read(Path source, Options options) throws IOException;

    /**
     * What a source may leave open: the split to take (null: all), the folder of the images (null:
     * the format's usual place), and for formats without splits, how many images (the last by file
     * name) form the validation split.
     */
    record Options(String split, Path images, int validationCount) {
        public static final int DEFAULT_VALIDATION_COUNT = 100;

        public Options {
            if (validationCount < 0) {
                throw new IllegalArgumentException("validation count must not be negative");
            }
        }

        public static Options all() {
            return new Options(null, null, DEFAULT_VALIDATION_COUNT);
        }

        Path imagesOr(Path usual) {
            return images != null ? images : usual;
        }
    }
}
