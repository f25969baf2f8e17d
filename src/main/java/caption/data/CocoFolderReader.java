package caption.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tool's own split folder: {@code images/} and {@code captions.json} (COCO form); {@code --split} picks a sub-folder. */
final class CocoFolderReader implements DatasetReader {

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public boolean accepts(Path source) {
        return Files.isDirectory(source);
    }

    @Override
    public CaptionDataset read(Path source, Options options) throws IOException {
        Path folder = options.split() == null ? source : source.resolve(options.split());
        return CaptionDataset.load(folder);
    }
}
