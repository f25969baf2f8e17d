package caption.cli;

import caption.data.CaptionDataset;
import caption.data.DatasetReader;
import caption.data.DatasetReaders;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A dataset and how to read it, as {@link DataOptions} gives it: enough to read it again, e.g. when
 * a training run is resumed.
 *
 * @param data a split folder or a captions file
 * @param format a format of {@link DatasetReaders} or {@value DatasetReaders#AUTO}
 * @param split the split to use; null: all images
 * @param images the images' folder where the format does not fix it; null: the format's
 * @param validationCount for CSV data: the last N images by name form the val split
 */
record DataSource(
        @JsonProperty("data")
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathFromText.class)
        Path data,
        @JsonProperty("format") String format,
        @JsonProperty("split") String split,
        @JsonProperty("images")
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathFromText.class)
        Path images,
        @JsonProperty("validationCount") int validationCount) {

    DataSource {
        if (data == null) {
            throw new IllegalArgumentException("the dataset (--data) is missing");
        }
        if (format == null) {
            format = DatasetReaders.AUTO;
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
