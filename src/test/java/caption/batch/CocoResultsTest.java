package caption.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import caption.io.Json;
import caption.model.Alternative;
import caption.model.Caption;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoResultsTest {

    @TempDir
    Path dir;

    private Path annotations() throws IOException {
        return Files.writeString(dir.resolve("captions_val.json"), """
                {"images": [{"id": 42, "file_name": "COCO_val2014_000000000042.jpg"},
                            {"id": 7, "file_name": "train/seven.png"}],
                 "annotations": []}
                """);
    }

    private static Caption captioned(String image, String text) {
        return Caption.best(List.of(new Alternative(text, -0.5, -2.0))).from(image);
    }

    @Test
    void writesImageIdsAndCaptionsByFileName() throws IOException {
        Map<String, Long> ids = CocoResults.imageIds(annotations());
        assertEquals(Map.of("COCO_val2014_000000000042.jpg", 42L, "seven.png", 7L), ids);
        Path out = dir.resolve("results.json");
        List<String> problems;
        try (CocoResults results = CocoResults.create(ids, out)) {
            results.write(captioned("/data/val/COCO_val2014_000000000042.jpg", "a dog on a \"sofa\""));
            results.write(Caption.failed("/data/x/seven.png", "seven.png: empty file"));
            results.write(captioned("/data/x/seven.png", "a red square"));
            results.write(captioned("/elsewhere/seven.png", "a blue circle"));
            results.write(captioned("/data/unknown.jpg", "a cat"));
            problems = results.problems();
        }
        JsonNode array = Json.MAPPER.readTree(out.toFile());
        assertEquals(2, array.size());
        assertEquals(42, array.get(0).get("image_id").asLong());
        assertEquals("a dog on a \"sofa\"", array.get(0).get("caption").asText());
        assertEquals(7, array.get(1).get("image_id").asLong());
        assertEquals(List.of("image_id", "caption"), List.copyOf(iterable(array.get(1).fieldNames())));
        assertEquals(List.of("/elsewhere/seven.png: image id 7 already has a caption",
                "/data/unknown.jpg: not in the annotations file"), problems);
    }

    @Test
    void noResultsIsAnEmptyArray() throws IOException {
        Path out = dir.resolve("empty.json");
        CocoResults.create(Map.of(), out).close();
        assertEquals(0, Json.MAPPER.readTree(out.toFile()).size());
    }

    @Test
    void aFileWithoutImagesIsRefused() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"annotations\": []}");
        assertThrows(IOException.class, () -> CocoResults.imageIds(bad));
    }

    private static <T> java.util.List<T> iterable(java.util.Iterator<T> it) {
        java.util.List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
