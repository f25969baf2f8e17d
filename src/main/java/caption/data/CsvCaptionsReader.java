package caption.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code image,caption} CSV form (RFC 4180 quoting, a header row), one row per caption. Images
 * are in {@code --images}, by default {@code images/} beside the file. The form has no splits, so the
 * split is fixed by file name: {@code val} is the last {@code validationCount} images in name order,
 * {@code train} the rest.
 */
final class CsvCaptionsReader implements DatasetReader {

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public boolean accepts(Path source) {
        return Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    @Override
    public CaptionDataset read(Path source, Options options) throws IOException {
        Map<String, List<String>> captions = new TreeMap<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(source.toFile())) {
            int row = 1;
            while (rows.hasNext()) {
                row++;
                Map<String, String> r = rows.next();
                String image = r.get("image");
                String caption = r.get("caption");
                if (image == null || caption == null) {
                    throw new CaptionDataset.DatasetException(source + ": row " + row + " lacks the 'image' or 'caption' column");
                }
                captions.computeIfAbsent(image, k -> new ArrayList<>()).add(caption);
            }
        } catch (RuntimeException e) {
            throw new CaptionDataset.DatasetException(source + ": not an image,caption CSV file (" + e.getMessage() + ")");
        }
        List<String> names = new ArrayList<>(captions.keySet());
        Map<String, Long> index = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), (long) i);
        }
        int validationStart = Math.max(0, names.size() - options.validationCount());
        List<String> chosen = switch (options.split() == null ? "all" : options.split()) {
            case "all" -> names;
            case "train" -> names.subList(0, validationStart);
            case "val" -> names.subList(validationStart, names.size());
            default -> throw new CaptionDataset.DatasetException("a CSV dataset has the splits train and val, not " + options.split());
        };
        Path folder = source.toAbsolutePath().getParent();
        Path images = options.imagesOr(folder.resolve("images"));
        Map<Path, List<String>> byImage = new LinkedHashMap<>();
        Map<Path, Long> ids = new LinkedHashMap<>();
        for (String name : chosen) {
            byImage.put(images.resolve(name), captions.get(name));
            ids.put(images.resolve(name), index.get(name));
        }
        return CaptionDataset.of(folder, byImage, ids);
    }
}
