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
 * Images with their reference captions, read by one of the {@link DatasetReader}s. {@code root} is
 * the folder of the dataset's files (where a shapes split keeps {@code scenes.json}); items that
 * cannot be used (a missing image, an image without captions, a bad annotation) are left out,
 * counted in {@code skipped} and described in {@code problems}.
 */
public record CaptionDataset(Path root, List<CaptionedImage> images, int skipped, List<String> problems) {

    public static final String CAPTIONS_FILE = "captions.json";
    public static final String IMAGES_DIR = "images";
    private static final int PROBLEMS_KEPT = 20;

    public CaptionDataset {
        images = List.copyOf(images);
        problems = List.copyOf(problems);
    }

    /**
     * A dataset from captions grouped by image file, in the given order: images get ids 0, 1, ...
     * unless {@code ids} has one; missing files and captionless images are skipped and described.
     */
    public static CaptionDataset of(Path root, Map<Path, List<String>> captionsByImage, Map<Path, Long> ids) {
        List<CaptionedImage> images = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        long next = 0;
        for (Map.Entry<Path, List<String>> e : captionsByImage.entrySet()) {
            long id = ids.getOrDefault(e.getKey(), next);
            next = Math.max(next, id) + 1;
            String problem = e.getValue().isEmpty() ? "no caption" : Files.isRegularFile(e.getKey()) ? null : "no such image file";
            if (problem != null) {
                skipped++;
                if (problems.size() < PROBLEMS_KEPT) {
                    problems.add(e.getKey() + ": " + problem + ", skipped");
                }
                continue;
            }
            images.add(new CaptionedImage(id, e.getKey(), e.getValue()));
        }
        return new CaptionDataset(root, images, skipped, problems);
    }

    /** A COCO-style folder: {@code images/} and {@code captions.json}. */
    public static CaptionDataset load(Path root) throws IOException {
        Path file = root.resolve(CAPTIONS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file (a dataset folder holds images/ and captions.json)");
        }
        return fromCoco(root, readCoco(file), root.resolve(IMAGES_DIR));
    }

    /** A COCO caption file, checked to have both images and annotations. */
    static CocoCaptions readCoco(Path file) throws IOException {
        CocoCaptions coco;
        try {
            coco = Json.read(file, CocoCaptions.class);
        } catch (JsonProcessingException e) {
            throw new DatasetException(file + ": not a COCO caption file (" + e.getOriginalMessage() + ")");
        }
        if (coco.images() == null || coco.annotations() == null) {
            throw new DatasetException(file + ": needs both \"images\" and \"annotations\"");
        }
        return coco;
    }

    /** The images of a COCO caption file, their files in {@code imageDir}. */
    static CaptionDataset fromCoco(Path root, CocoCaptions coco, Path imageDir) {
        Map<Long, List<String>> captions = new LinkedHashMap<>();
        for (CocoCaptions.Annotation a : coco.annotations()) {
            if (a.caption() != null) {
                captions.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a.caption());
            }
        }
        Map<Path, List<String>> byImage = new LinkedHashMap<>();
        Map<Path, Long> ids = new LinkedHashMap<>();
        for (CocoCaptions.Image image : coco.images()) {
            Path file = imageDir.resolve(image.fileName());
            byImage.put(file, captions.getOrDefault(image.id(), List.of()));
            ids.put(file, image.id());
        }
        return of(root, byImage, ids);
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
