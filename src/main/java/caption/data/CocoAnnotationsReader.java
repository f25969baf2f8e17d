package caption.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The official COCO caption annotations ({@code captions_train2014.json}): images are looked up in
 * {@code --images}, by default the folder named like the file's split ({@code train2014}) beside it.
 */
final class CocoAnnotationsReader implements DatasetReader {

    @Override
    public String name() {
        return "coco";
    }

    @Override
    public boolean accepts(Path source) throws IOException {
        Set<String> keys = JsonSources.topLevelKeys(source);
        return keys.contains("images") && keys.contains("annotations");
    }

    @Override
    public CaptionDataset read(Path source, Options options) throws IOException {
        CocoCaptions coco = CaptionDataset.readCoco(source);
        Path folder = source.toAbsolutePath().getParent();
        return CaptionDataset.fromCoco(folder, coco, options.imagesOr(folder.resolve(usualImageFolder(source))));
    }

    /** {@code captions_val2014.json} keeps its images in {@code val2014/}. */
    static String usualImageFolder(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        int underscore = name.lastIndexOf('_');
        return underscore >= 0 ? name.substring(underscore + 1) : "images";
    }
}
