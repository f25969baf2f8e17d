package caption.cli;

import caption.image.ImageDecoder;
import caption.model.Caption;
import caption.render.AttentionPanels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --attention-map}: the panels of one image into a file, or of many into a folder, one PNG each. */
final class AttentionMapWriter {

    private final Path target;
    private final boolean single;
    private int failures;

    AttentionMapWriter(Path target, boolean single) {
        this.target = target;
        this.single = single;
    }

    /** Writes the map of a captioned image; an error message when that failed. */
    Optional<String> write(Caption result) {
        Path png = single ? target : target.resolve(stem(Path.of(result.source())) + ".png");
        try {
            if (!single) {
                Files.createDirectories(target);
            }
            AttentionPanels.write(ImageDecoder.read(Path.of(result.source())), result.attention(), png);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            failures++;
            return Optional.of(png + ": cannot write the attention map (" + e.getMessage() + ")");
        }
    }

    int failures() {
        return failures;
    }

    private static String stem(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
