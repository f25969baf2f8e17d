package caption.data.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One object of a scene, in the form scenes.json stores it: {@code cx, cy} is the centre of its
 * {@code extent x extent} box in pixels, {@code rgb} its jittered fill colour.
 */
public record SceneObject(
        @JsonProperty("shape") String shape,
        @JsonProperty("colour") String colour,
        @JsonProperty("size") String size,
        @JsonProperty("extent") int extent,
        @JsonProperty("cx") double cx,
        @JsonProperty("cy") double cy,
        @JsonProperty("rgb") int[] rgb) {

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        if (extent <= 0) {
            throw new IllegalArgumentException("extent must be positive: " + extent);
        }
    }

    public Shape shapeKind() {
        return Shape.fromWord(shape);
    }

    public Colour colourKind() {
        return Colour.fromWord(colour);
    }

    public Size sizeKind() {
        return Size.fromWord(size);
    }

    /** Left edge of the object's box. */
    public double left() {
        return cx - extent / 2.0;
    }

    /** Top edge of the object's box. */
    public double top() {
        return cy - extent / 2.0;
    }
}
