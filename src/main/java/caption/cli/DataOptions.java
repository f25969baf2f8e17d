package caption.cli;

import caption.data.CaptionDataset;
import caption.data.DatasetReaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a dataset is and how to read it: shared by {@code train} and {@code eval}. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "SOURCE", description = "A split folder (images/ + "
            + "captions.json), a COCO captions_*.json, a Karpathy dataset_*.json, a Flickr8k.token.txt or an "
            + "image,caption CSV file.")
    Path data;

    @Option(names = "--format", defaultValue = DatasetReaders.AUTO,
            description = "folder, coco, karpathy, flickr8k, csv or auto (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--split", paramLabel = "NAME", description = "The split to use: a sub-folder of a folder "
            + "dataset; train, val, test (or restval) of the others. Default: all images.")
    String split;

    @Option(names = "--images", paramLabel = "DIR", description = "Folder of the images, where the format does not fix it.")
    Path images;

    @Option(names = "--val-count", defaultValue = "100",
            description = "For CSV data: the last N images by name form the val split (default ${DEFAULT-VALUE}).")
    int validationCount;

    /** Fails as bad usage when --data is missing (it is optional only for 'train --resume'). */
    void require(picocli.CommandLine commandLine) {
        if (data == null) {
            throw new picocli.CommandLine.ParameterException(commandLine, "Missing required option: '--data=SOURCE'");
        }
    }

    /** What these options name; call {@link #require} first. */
    DataSource source() {
        return new DataSource(data, format, split, images, validationCount);
    }

    /** Reads the dataset and reports what had to be skipped. */
    CaptionDataset read(PrintWriter err) throws IOException {
        return source().read(err);
    }
}
