package caption.eval;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The captions of an {@code image,caption} CSV file (RFC 4180 quoting). */
final class FlickrCsv {

    private FlickrCsv() {}

    static List<String> captions(Path file) throws IOException {
        List<String> captions = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (rows.hasNext()) {
                captions.add(rows.next().get("caption"));
            }
        }
        return captions;
    }
}
