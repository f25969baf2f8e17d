package caption.data.shapes;

import caption.io.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code scenes.json}: the ground truth of a generated split, by image id. */
public record ScenesFile(@JsonProperty("scenes") List<Scene> scenes) {

    public static final String FILE_NAME = "scenes.json";

    public ScenesFile {
        scenes = List.copyOf(scenes);
    }

    /** The scenes of a split folder, or empty when the folder has no scenes.json. */
    public static Optional<Map<Long, Scene>> readIfPresent(Path splitDir) throws IOException {
        Path file = splitDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<Long, Scene> byId = new HashMap<>();
        for (Scene s : Json.read(file, ScenesFile.class).scenes()) {
            byId.put(s.imageId(), s);
        }
        return Optional.of(byId);
    }
}
