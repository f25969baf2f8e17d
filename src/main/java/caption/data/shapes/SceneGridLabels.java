package caption.data.shapes;

/**
 * Per-cell targets of the encoder's auxiliary task: the image is divided into a grid like the
 * encoder's feature map, and every cell that an object's box covers says that an object is there and
 * its colour, shape and size. Dense, local supervision trains the zoo CNN quickly and leaves each
 * cell's features describing the object in it, which is what captions and attention need. (Labelling
 * only the centre's cell learns more slowly: a centre near a cell border makes the label a coin toss.)
 */
public final class SceneGridLabels {

    public static final int OBJECT = 0;
    public static final int FIRST_COLOUR = 1;
    public static final int FIRST_SHAPE = FIRST_COLOUR + Colour.values().length;
    public static final int FIRST_SIZE = FIRST_SHAPE + Shape.values().length;
    /** Labels per cell. */
    public static final int CHANNELS = FIRST_SIZE + Size.values().length;

    private SceneGridLabels() {}

    /** Targets as [channel][row][column]. */
    public static float[][][] of(Scene scene, int grid) {
        float[][][] labels = new float[CHANNELS][grid][grid];
        for (SceneObject o : scene.objects()) {
            double half = o.extent() / 2.0;
            for (int row = cell(o.cy() - half, grid); row <= cell(o.cy() + half - 1, grid); row++) {
                for (int column = cell(o.cx() - half, grid); column <= cell(o.cx() + half - 1, grid); column++) {
                    labels[OBJECT][row][column] = 1f;
                    labels[FIRST_COLOUR + o.colourKind().ordinal()][row][column] = 1f;
                    labels[FIRST_SHAPE + o.shapeKind().ordinal()][row][column] = 1f;
                    labels[FIRST_SIZE + o.sizeKind().ordinal()][row][column] = 1f;
                }
            }
        }
        return labels;
    }

    /** The grid cell of a pixel coordinate of the generated image. */
    public static int cell(double pixel, int grid) {
        return Math.max(0, Math.min(grid - 1, (int) (pixel / ShapesGenerator.IMAGE_SIZE * grid)));
    }
}
