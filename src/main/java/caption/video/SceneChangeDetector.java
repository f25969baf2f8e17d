package caption.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Says when a frame shows a new scene. A frame is reduced to a 32 x 32 thumbnail (each cell the
 * mean RGB of its block of pixels, which averages away sensor and codec noise); the difference of
 * two frames is the mean absolute difference of their thumbnails over all cells and channels, as a
 * fraction of the full range 0..255. A frame is a scene change when it differs from the last
 * scene's first frame (not merely from the previous frame, so a slow pan or fade also ends a
 * scene once it has drifted far enough) by at least the threshold.
 *
 * <p>The default threshold, {@value #DEFAULT_THRESHOLD}, is a mean change of 5 levels in 255. On
 * generated shape scenes consecutive scenes differ by 0.03 to 0.2 (a new background colour and new
 * objects) while frames of one scene after H.264 compression differ by less than 0.002; see
 * docs/benchmarks.md for the measurement.
 */
public final class SceneChangeDetector {

    public static final double DEFAULT_THRESHOLD = 0.02;
    static final int CELLS = 32;

    private final double threshold;
    private float[] reference;

    public SceneChangeDetector(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("scene threshold must be between 0 and 1, not " + threshold);
        }
        this.threshold = threshold;
    }

    /** Whether {@code frame} starts a new scene (the first frame always does); if so it becomes the reference. */
    public boolean isChange(BufferedImage frame) {
        float[] thumb = thumbnail(frame);
        if (reference == null || difference(reference, thumb) >= threshold) {
            reference = thumb;
            return true;
        }
        return false;
    }

    /** The difference measure between two frames, 0 (same thumbnail) to 1. */
    public static double difference(BufferedImage a, BufferedImage b) {
        return difference(thumbnail(a), thumbnail(b));
    }

    static double difference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length / 255.0;
    }

    /** Mean R, G, B of each of the 32 x 32 blocks of the frame. */
    static float[] thumbnail(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] sums = new float[CELLS * CELLS * 3];
        int[] counts = new int[CELLS * CELLS];
        boolean bgr = image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte;
        byte[] bytes = bgr ? ((DataBufferByte) image.getRaster().getDataBuffer()).getData() : null;
        int[] row = bgr ? null : new int[w];
        for (int y = 0; y < h; y++) {
            int cy = y * CELLS / h;
            if (!bgr) {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                int cell = cy * CELLS + x * CELLS / w;
                int r;
                int g;
                int b;
                if (bgr) {
                    int p = (y * w + x) * 3;
                    b = bytes[p] & 0xff;
                    g = bytes[p + 1] & 0xff;
                    r = bytes[p + 2] & 0xff;
                } else {
                    r = row[x] >> 16 & 0xff;
                    g = row[x] >> 8 & 0xff;
                    b = row[x] & 0xff;
                }
                sums[cell * 3] += r;
                sums[cell * 3 + 1] += g;
                sums[cell * 3 + 2] += b;
                counts[cell]++;
            }
        }
        for (int c = 0; c < counts.length; c++) {
            int n = Math.max(1, counts[c]);
            sums[c * 3] /= n;
            sums[c * 3 + 1] /= n;
            sums[c * 3 + 2] /= n;
        }
        return sums;
    }
}
