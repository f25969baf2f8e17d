package caption.batch;

import caption.io.Json;
import caption.model.CaptionModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one result is written as one line: {@code path<TAB>caption} (a failure as
 * {@code path<TAB><TAB>reason}), JSON lines ({@code image, caption, score, log_prob, n_best} or {@code image, error}),
 * or CSV ({@code image,caption,score,error} under a header). Also reads a line back for --resume.
 */
public enum ResultFormat {
    TSV, JSONL, CSV;

    /** One image's outcome: a caption (with its n-best list), or the reason it failed. */
    public record Result(String image, CaptionModel.Caption best, String error) {
        public static Result captioned(String image, CaptionModel.Caption best) {
            return new Result(image, best, null);
        }

        public static Result failed(String image, String error) {
            return new Result(image, null, error);
        }

        public boolean ok() {
            return error == null;
        }

        public String caption() {
            return best.text();
        }

        public double score() {
            return best.score();
        }
    }

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

    /** The result as one line, without the line end. */
    public String line(Result r) throws IOException {
        return switch (this) {
            case TSV -> r.ok() ? clean(r.image()) + "\t" + clean(r.caption()) : clean(r.image()) + "\t\t" + clean(r.error());
            case JSONL -> Json.COMPACT.writeValueAsString(jsonRecord(r));
            case CSV -> CSV_MAPPER.writer(CSV_SCHEMA).writeValueAsString(new Object[] {
                r.image(), r.ok() ? r.caption() : "", r.ok() ? Double.toString(r.score()) : "", r.ok() ? "" : r.error()})
                    .stripTrailing();
        };
    }

    private static Map<String, Object> jsonRecord(Result r) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("image", r.image());
        if (r.ok()) {
            record.put("caption", r.caption());
            record.put("score", r.score());
            record.put("log_prob", r.best().logProb());
            List<Map<String, Object>> nBest = new ArrayList<>();
            for (CaptionModel.Caption c : r.best().nBest()) {
                nBest.add(Map.of("caption", c.text(), "score", c.score(), "log_prob", c.logProb()));
            }
            record.put("n_best", nBest);
            if (r.best().attention() != null) {
                record.put("attention", r.best().attention());
            }
            if (r.best().lstm() != null) {
                record.put("lstm", r.best().lstm());
            }
        } else {
            record.put("error", r.error());
        }
        return record;
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
