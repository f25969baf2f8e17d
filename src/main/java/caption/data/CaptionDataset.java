package caption.data;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO-style folder: {@code images/} and {@code captions.json}. Images without captions are
 * counted and left out.
 */
public record CaptionDataset(Path root, List<CaptionedImage> images, int skipped) {

    public static final String CAPTIONS_FILE = "captions.json";
    public static final String IMAGES_DIR = "images";

    public CaptionDataset {
        images = List.copyOf(images);
    }

    public static CaptionDataset load(Path root) throws IOException {
        Path file = root.resolve(CAPTIONS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file (a dataset folder holds images/ and captions.json)");
        }
        CocoCaptions coco;
        try {
            coco = Json.read(file, CocoCaptions.class);
        } catch (JsonProcessingException e) {
            throw new DatasetException(file + ": not a COCO caption file (" + e.getOriginalMessage() + ")");
        }
        if (coco.images() == null || coco.annotations() == null) {
            throw new DatasetException(file + ": needs both \"images\" and \"annotations\"");
        }
        Map<Long, List<String>> captions = new LinkedHashMap<>();
        for (CocoCaptions.Annotation a : coco.annotations()) {
            captions.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a.caption());
        }
        List<CaptionedImage> images = new ArrayList<>();
        int skipped = 0;
        for (CocoCaptions.Image image : coco.images()) {
            List<String> refs = captions.get(image.id());
            if (refs == null || refs.isEmpty()) {
                skipped++;
                continue;
            }
            images.add(new CaptionedImage(image.id(), root.resolve(IMAGES_DIR).resolve(image.fileName()), refs));
        }
        return new CaptionDataset(root, images, skipped);
    }

    public List<String> allCaptions() {
        List<String> all = new ArrayList<>();
        images.forEach(i -> all.addAll(i.captions()));
        return all;
    }

    /** A dataset file that cannot be used, with a message that names it. */
    public static final class DatasetException extends IOException {
        public DatasetException(String message) {
            super(message);
        }
    }
}
