package caption.data.shapes;

/**
 * Multi-label targets of the encoder's auxiliary task. Dense labels (which colours, shapes and
 * sizes occur; 2 and 3 objects) give a strong early signal; sparse ones (which (colour, shape,
 * size) kinds occur at least once and twice) bind the attributes of each object, which is what a
 * caption must get right.
 */
public final class SceneLabels {

    private static final int COLOURS = Colour.values().length;
    private static final int SHAPES = Shape.values().length;
    private static final int SIZES = Size.values().length;
    private static final int KINDS = COLOURS * SHAPES * SIZES;
    private static final int DENSE = COLOURS + SHAPES + SIZES + 2;
    public static final int COUNT = DENSE + 2 * KINDS;

    private SceneLabels() {}

    public static float[] of(Scene scene) {
        float[] labels = new float[COUNT];
        int[] perKind = new int[KINDS];
        for (SceneObject o : scene.objects()) {
            labels[o.colourKind().ordinal()] = 1f;
            labels[COLOURS + o.shapeKind().ordinal()] = 1f;
            labels[COLOURS + SHAPES + o.sizeKind().ordinal()] = 1f;
            perKind[kind(o)]++;
        }
        labels[COLOURS + SHAPES + SIZES] = scene.objects().size() >= 2 ? 1f : 0f;
        labels[COLOURS + SHAPES + SIZES + 1] = scene.objects().size() >= 3 ? 1f : 0f;
        for (int k = 0; k < KINDS; k++) {
            labels[DENSE + k] = perKind[k] >= 1 ? 1f : 0f;
            labels[DENSE + KINDS + k] = perKind[k] >= 2 ? 1f : 0f;
        }
        return labels;
    }

    private static int kind(SceneObject o) {
        return (o.colourKind().ordinal() * SHAPES + o.shapeKind().ordinal()) * SIZES + o.sizeKind().ordinal();
    }
}
