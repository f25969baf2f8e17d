package caption.video;

import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/**
 * Chooses the frames to caption as they are decoded, by their timestamps (so variable frame rates
 * are sampled by time, not by frame count).
 */
public interface FrameSampler {

    /** Whether to caption the frame shown from {@code timeMicros}; {@code pixels} converts it only if needed. */
    boolean take(long timeMicros, Supplier<BufferedImage> pixels);

    /** Whether {@link #take} looks at pixels (then every frame is converted). */
    boolean needsPixels();

    /**
     * The first frame at or after 0, N, 2N, ... microseconds; a gap in the video longer than N
     * gives one sample, not several.
     */
    static FrameSampler every(long intervalMicros) {
        if (intervalMicros <= 0) {
            throw new IllegalArgumentException("sampling interval must be positive");
        }
        return new FrameSampler() {
            private long next = Long.MIN_VALUE;

            @Override
            public boolean take(long timeMicros, Supplier<BufferedImage> pixels) {
                if (next != Long.MIN_VALUE && timeMicros < next) {
                    return false;
                }
                long slot = Math.floorDiv(Math.max(0, timeMicros), intervalMicros);
                next = (slot + 1) * intervalMicros;
                return true;
            }

            @Override
            public boolean needsPixels() {
                return false;
            }
        };
    }

    /** The first frame and each frame that {@link SceneChangeDetector} calls a new scene. */
    static FrameSampler scenes(double threshold) {
        SceneChangeDetector detector = new SceneChangeDetector(threshold);
        return new FrameSampler() {
            @Override
            public boolean take(long timeMicros, Supplier<BufferedImage> pixels) {
                return detector.isChange(pixels.get());
            }

            @Override
            public boolean needsPixels() {
                return true;
            }
        };
    }
}
