package caption.cli;

import caption.data.CaptionDataset;
import caption.data.DatasetReader;
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

    /** Reads the dataset and reports what had to be skipped. */
    CaptionDataset read(PrintWriter err) throws IOException {
        return read(err, split);
    }

    /** Reads another split of the same source. */
    CaptionDataset read(PrintWriter err, String split) throws IOException {
        CaptionDataset dataset = DatasetReaders.read(data, format,
                new DatasetReader.Options(split, images, validationCount));
        dataset.problems().forEach(err::println);
        if (dataset.skipped() > dataset.problems().size()) {
            err.printf("... and %d more%n", dataset.skipped() - dataset.problems().size());
        }
        if (dataset.skipped() > 0) {
            err.printf("%s: skipped %d of %d images%n", data, dataset.skipped(), dataset.skipped() + dataset.images().size());
        }
        if (dataset.images().isEmpty()) {
            throw new CaptionDataset.DatasetException(data + ": no usable images" + (split == null ? "" : " in split " + split));
        }
        err.flush();
        return dataset;
    }
}
