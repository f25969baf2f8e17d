package caption.batch;

import caption.io.Json;
import caption.model.Caption;
import caption.model.CaptionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one image's {@link Caption} is written as one line: {@code path<TAB>caption} (a failure as
 * {@code path<TAB><TAB>reason}), JSON lines ({@link CaptionJson}: {@code image, caption, score, log_prob, n_best} or {@code image, error}),
 * or CSV ({@code image,caption,score,error} under a header). Also reads a line back for --resume.
 */
public enum ResultFormat {
    TSV, JSONL, CSV;

    private static final CsvMapper CSV_MAPPER = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
            .addColumn("image").addColumn("caption").addColumn("score").addColumn("error").build();

    public static ResultFormat parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The line before any result, if the format has one. */
    public Optional<String> header() {
        return this == CSV ? Optional.of("image,caption,score,error") : Optional.empty();
    }

    /** One image's caption (named by its path) as one line, without the line end. */
    public String line(Caption c) throws IOException {
        return switch (this) {
            case TSV -> c.ok() ? clean(c.source()) + "\t" + clean(c.text()) : clean(c.source()) + "\t\t" + clean(c.error());
            case JSONL -> CaptionJson.line(c);
            case CSV -> CSV_MAPPER.writer(CSV_SCHEMA).writeValueAsString(new Object[] {
                c.source(), c.ok() ? c.text() : "", c.ok() ? Double.toString(c.score()) : "", c.ok() ? "" : c.error()})
                    .stripTrailing();
        };
    }

    /** Tabs and line ends would break a TSV line. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** The image of a successfully captioned result line, if it is one (for --resume). */
    public Optional<String> captionedImage(String line) {
        try {
            switch (this) {
                case TSV -> {
                    String[] parts = line.split("\t", -1);
                    return parts.length == 2 && !parts[1].isEmpty() ? Optional.of(parts[0]) : Optional.empty();
                }
                case JSONL -> {
                    JsonNode node = Json.MAPPER.readTree(line);
                    return node.hasNonNull("image") && node.hasNonNull("caption")
                            ? Optional.of(node.get("image").asText()) : Optional.empty();
                }
                default -> {
                    if (line.equals(header().orElseThrow())) {
                        return Optional.empty();
                    }
                    try (MappingIterator<List<String>> rows = CSV_MAPPER.readerForListOf(String.class)
                            .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                            .readValues(new StringReader(line))) {
                        List<String> row = rows.next();
                        return row.size() == 4 && !row.get(1).isEmpty() && row.get(3).isEmpty()
                                ? Optional.of(row.get(0)) : Optional.empty();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged line: that image is captioned again
        }
    }
}
