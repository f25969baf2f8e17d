package caption.data.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A generated scene as scenes.json stores it. */
public record Scene(
        @JsonProperty("image_id") long imageId,
        @JsonProperty("background") int[] background,
        @JsonProperty("objects") List<SceneObject> objects) {

    public Scene {
        objects = List.copyOf(objects);
        if (objects.isEmpty() || objects.size() > 3) {
            throw new IllegalArgumentException("a scene has 1 to 3 objects, not " + objects.size());
        }
    }
}
