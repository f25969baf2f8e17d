package caption.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flickr8k's own text files: {@code Flickr8k.token.txt} ({@code name.jpg#n<TAB>caption}) and the
 * split lists beside it ({@code Flickr_8k.trainImages.txt}, {@code devImages}, {@code testImages};
 * {@code --split val} means dev). Images are in {@code --images}, by default the official archive's
 * {@code Flicker8k_Dataset/} (sic) or {@code Flickr8k_Dataset/} beside the file.
 */
final class Flickr8kTokenReader implements DatasetReader {

    @Override
    public String name() {
        return "flickr8k";
    }

    @Override
    public boolean accepts(Path source) {
        return Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".token.txt");
    }

    @Override
    public CaptionDataset read(Path source, Options options) throws IOException {
        Path folder = source.toAbsolutePath().getParent();
        Set<String> wanted = options.split() == null ? null : splitList(folder, options.split());
        Map<String, List<String>> captions = new TreeMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            int hash = line.lastIndexOf('#', tab < 0 ? line.length() : tab);
            if (tab < 0 || hash < 0) {
                throw new CaptionDataset.DatasetException(source + ": line " + lineNumber
                        + " is not 'image.jpg#n<TAB>caption'");
            }
            String image = line.substring(0, hash);
            if (wanted == null || wanted.contains(image)) {
                captions.computeIfAbsent(image, k -> new ArrayList<>()).add(line.substring(tab + 1).strip());
            }
        }
        Path images = options.imagesOr(defaultImages(folder));
        Map<Path, List<String>> byImage = new LinkedHashMap<>();
        captions.forEach((name, list) -> byImage.put(images.resolve(name), list));
        if (wanted != null) {
            wanted.stream().filter(name -> !captions.containsKey(name)).sorted()
                    .forEach(name -> byImage.put(images.resolve(name), List.of()));
        }
        return CaptionDataset.of(folder, byImage, Map.of());
    }

    private static Set<String> splitList(Path folder, String split) throws IOException {
        String part = switch (split) {
            case "train" -> "train";
            case "val", "dev" -> "dev";
            case "test" -> "test";
            default -> throw new CaptionDataset.DatasetException("Flickr8k has the splits train, dev (val) and test, not " + split);
        };
        Path list = folder.resolve("Flickr_8k." + part + "Images.txt");
        if (!Files.isRegularFile(list)) {
            throw new CaptionDataset.DatasetException(list + ": no such split list");
        }
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    private static Path defaultImages(Path folder) {
        for (String name : List.of("Flicker8k_Dataset", "Flickr8k_Dataset")) {
            if (Files.isDirectory(folder.resolve(name))) {
                return folder.resolve(name);
            }
        }
        return folder.resolve("images");
    }
}
