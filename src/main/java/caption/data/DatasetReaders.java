package caption.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Every dataset format the tool reads, and detection of which one a path is. */
public final class DatasetReaders {

    public static final String AUTO = "auto";
    private static final List<DatasetReader> READERS = List.of(new CocoFolderReader(), new KarpathyReader(),
            new CocoAnnotationsReader(), new Flickr8kTokenReader(), new CsvCaptionsReader());

    private DatasetReaders() {}

    public static List<String> names() {
        return READERS.stream().map(DatasetReader::name).toList();
    }

    public static CaptionDataset read(Path source, String format, DatasetReader.Options options) throws IOException {
        if (!Files.exists(source)) {
            throw new CaptionDataset.DatasetException(source + ": no such file or folder");
        }
        return reader(source, format).read(source, options);
    }

    static DatasetReader reader(Path source, String format) throws IOException {
        for (DatasetReader reader : READERS) {
            if (format.equals(AUTO) ? reader.accepts(source) : reader.name().equals(format)) {
                return reader;
            }
        }
        if (!format.equals(AUTO)) {
            throw new CaptionDataset.DatasetException("unknown dataset format '" + format + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        throw new CaptionDataset.DatasetException(source + ": not a dataset this tool reads (formats: "
                + READERS.stream().map(DatasetReader::name).collect(Collectors.joining(", ")) + ")");
    }
}
