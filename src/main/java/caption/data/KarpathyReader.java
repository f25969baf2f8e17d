package caption.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karpathy's split files ({@code dataset_coco.json}, {@code dataset_flickr8k.json},
 * {@code dataset_flickr30k.json}): each image has a {@code split} (train, restval, val, test) and its
 * {@code sentences}' {@code raw} text. {@code --split train} also takes {@code restval}, as the usual
 * Karpathy training does. Images are under {@code --images} (default: {@code images/} beside the
 * file), in the image's {@code filepath} sub-folder when it has one (COCO's train2014, val2014).
 */
final class KarpathyReader implements DatasetReader {

    @Override
    public String name() {
        return "karpathy";
    }

    @Override
    public boolean accepts(Path source) throws IOException {
        Set<String> keys = JsonSources.topLevelKeys(source);
        return keys.contains("images") && keys.contains("dataset");
    }

    @Override
    public CaptionDataset read(Path source, Options options) throws IOException {
        JsonNode root = JsonSources.read(source);
        JsonNode images = root.get("images");
        if (images == null || !images.isArray()) {
            throw new CaptionDataset.DatasetException(source + ": no \"images\" array (not a Karpathy split file)");
        }
        Path folder = source.toAbsolutePath().getParent();
        Path imageRoot = options.imagesOr(folder.resolve("images"));
        Map<Path, List<String>> byImage = new LinkedHashMap<>();
        Map<Path, Long> ids = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode image : images) {
            String split = image.path("split").asText("");
            if (options.split() == null || split.equals(options.split())
                    || (options.split().equals("train") && split.equals("restval"))) {
                String fileName = image.path("filename").asText(null);
                if (fileName == null) {
                    throw new CaptionDataset.DatasetException(source + ": image " + index + " has no \"filename\"");
                }
                Path file = image.hasNonNull("filepath")
                        ? imageRoot.resolve(image.get("filepath").asText()).resolve(fileName) : imageRoot.resolve(fileName);
                List<String> captions = new ArrayList<>();
                for (JsonNode sentence : image.path("sentences")) {
                    if (sentence.hasNonNull("raw")) {
                        captions.add(sentence.get("raw").asText());
                    }
                }
                byImage.put(file, captions);
                ids.put(file, image.has("cocoid") ? image.get("cocoid").asLong() : image.path("imgid").asLong(index));
            }
            index++;
        }
        return CaptionDataset.of(folder, byImage, ids);
    }
}
