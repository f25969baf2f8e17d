package caption.data.shapes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws shape scenes exactly as {@code shapes-scenes.md} (version 1) specifies. Scene {@code i} of
 * seed {@code s} depends on (s, i) only, so a split of any size starts with the same scenes.
 */
public final class ShapesGenerator {

    public static final int SPEC_VERSION = 1;
    public static final int IMAGE_SIZE = 128;
    public static final int CAPTIONS_PER_IMAGE = 5;
    static final int EDGE_MARGIN = 4;
    static final int MIN_GAP = 6;
    static final int BACKGROUND_MIN = 215;
    static final int BACKGROUND_MAX = 250;
    static final int COLOUR_JITTER = 20;
    static final double NOISE_SIGMA = 6.0;

    private final long seed;

    public ShapesGenerator(long seed) {
        this.seed = seed;
    }

    /** A scene with its image and its five captions. */
    public record GeneratedScene(Scene scene, BufferedImage image, List<String> captions) {}

    public GeneratedScene generate(long index) {
        Random rng = new Random(sceneSeed(seed, index));
        int[] background = new int[3];
        for (int c = 0; c < 3; c++) {
            background[c] = uniform(rng, BACKGROUND_MIN, BACKGROUND_MAX);
        }
        int count = uniform(rng, 1, 3);
        List<Look> looks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            looks.add(drawLook(rng));
        }
        List<SceneObject> objects = place(rng, looks);
        Scene scene = new Scene(index, background, objects);
        BufferedImage image = render(scene);
        addNoise(image, rng);
        List<String> captions = new CaptionWriter(rng).captions(objects, CAPTIONS_PER_IMAGE);
        return new GeneratedScene(scene, image, captions);
    }

    /** Shape, colour, size, extent and fill of an object before it has a position. */
    private record Look(Shape shape, Colour colour, Size size, int extent, int[] rgb) {}

    private static Look drawLook(Random rng) {
        Shape shape = Shape.values()[rng.nextInt(Shape.values().length)];
        Colour colour = Colour.values()[rng.nextInt(Colour.values().length)];
        Size size = Size.values()[rng.nextInt(Size.values().length)];
        int extent = uniform(rng, size.minExtent(), size.maxExtent());
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = clip(colour.base(c) + uniform(rng, -COLOUR_JITTER, COLOUR_JITTER));
        }
        return new Look(shape, colour, size, extent, rgb);
    }

    /** Draws positions until no two boxes are closer than MIN_GAP (and a pair has a relation). */
    private static List<SceneObject> place(Random rng, List<Look> looks) {
        while (true) {
            List<SceneObject> objects = new ArrayList<>();
            for (Look look : looks) {
                int s = look.extent();
                int x0 = uniform(rng, EDGE_MARGIN, IMAGE_SIZE - EDGE_MARGIN - s);
                int y0 = uniform(rng, EDGE_MARGIN, IMAGE_SIZE - EDGE_MARGIN - s);
                objects.add(new SceneObject(look.shape().word(), look.colour().word(), look.size().word(),
                        s, x0 + s / 2.0, y0 + s / 2.0, look.rgb()));
            }
            if (wellSeparated(objects) && (objects.size() != 2
                    || Relation.strict(objects.get(0), objects.get(1)).isPresent())) {
                return objects;
            }
        }
    }

    static boolean wellSeparated(List<SceneObject> objects) {
        for (int i = 0; i < objects.size(); i++) {
            for (int j = i + 1; j < objects.size(); j++) {
                if (gap(objects.get(i), objects.get(j)) < MIN_GAP) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Distance between two boxes along the axis that separates them most (negative if they overlap). */
    static double gap(SceneObject a, SceneObject b) {
        double gx = Math.max(b.left() - (a.left() + a.extent()), a.left() - (b.left() + b.extent()));
        double gy = Math.max(b.top() - (a.top() + a.extent()), a.top() - (b.top() + b.extent()));
        return Math.max(gx, gy);
    }

    static BufferedImage render(Scene scene) {
        BufferedImage image = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int[] bg = scene.background();
            g.setColor(new Color(bg[0], bg[1], bg[2]));
            g.fillRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            for (SceneObject o : scene.objects()) {
                g.setColor(new Color(o.rgb()[0], o.rgb()[1], o.rgb()[2]));
                fillShape(g, o.shapeKind(), o.left(), o.top(), o.extent());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void fillShape(Graphics2D g, Shape shape, double x, double y, double s) {
        switch (shape) {
            case CIRCLE -> g.fill(new Ellipse2D.Double(x, y, s, s));
            case SQUARE -> g.fill(new Rectangle2D.Double(x, y, s, s));
            case TRIANGLE -> g.fill(polygon(x, y + s, x + s, y + s, x + s / 2, y));
            case DIAMOND -> g.fill(polygon(x + s / 2, y, x + s, y + s / 2, x + s / 2, y + s, x, y + s / 2));
            case CROSS -> {
                double t = Math.round(s / 3.0);
                Path2D.Double plus = new Path2D.Double();
                plus.append(new Rectangle2D.Double(x, y + (s - t) / 2, s, t), false);
                plus.append(new Rectangle2D.Double(x + (s - t) / 2, y, t, s), false);
                plus.setWindingRule(Path2D.WIND_NON_ZERO);
                g.fill(plus);
            }
        }
    }

    private static Path2D polygon(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }

    private static void addNoise(BufferedImage image, Random rng) {
        WritableRaster raster = image.getRaster();
        int[] pixel = new int[3];
        for (int y = 0; y < IMAGE_SIZE; y++) {
            for (int x = 0; x < IMAGE_SIZE; x++) {
                raster.getPixel(x, y, pixel);
                for (int c = 0; c < 3; c++) {
                    pixel[c] = clip((int) Math.round(pixel[c] + NOISE_SIGMA * rng.nextGaussian()));
                }
                raster.setPixel(x, y, pixel);
            }
        }
    }

    /** Uniform integer in [lo, hi], both ends included. */
    static int uniform(Random rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    static int clip(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A well-mixed seed per (split seed, scene index), so scenes do not depend on the split size. */
    static long sceneSeed(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
