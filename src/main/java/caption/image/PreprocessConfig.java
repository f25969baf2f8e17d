package caption.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * How an image becomes network input: squashed to {@code size x size}, channels in {@code order},
 * then {@code (pixel - mean[c]) * scale}. Stored in the model file so captioning matches training.
 */
public record PreprocessConfig(
        @JsonProperty("size") int size,
        @JsonProperty("channelOrder") String channelOrder,
        @JsonProperty("mean") float[] mean,
        @JsonProperty("scale") float scale) {

    public PreprocessConfig {
        if (size < 32) {
            throw new IllegalArgumentException("input size must be at least 32 pixels, not " + size);
        }
        channelOrder = channelOrder.toUpperCase(Locale.ROOT);
        if (!channelOrder.equals("RGB") && !channelOrder.equals("BGR")) {
            throw new IllegalArgumentException("channelOrder must be RGB or BGR, not " + channelOrder);
        }
        if (mean == null || mean.length != 3) {
            throw new IllegalArgumentException("mean needs one value per channel");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive");
        }
    }

    /** Shape scenes as generated: 128 px, RGB scaled to [-1, 1]. */
    public static PreprocessConfig shapes() {
        return shapes(128);
    }

    /** Shape scenes squashed to {@code size} pixels. */
    public static PreprocessConfig shapes(int size) {
        return new PreprocessConfig(size, "RGB", new float[] {127.5f, 127.5f, 127.5f}, 1f / 127.5f);
    }

    /** Caffe/Keras ImageNet style that the SqueezeNet v1.1 weights expect: BGR minus the means. */
    public static PreprocessConfig imagenetCaffe() {
        return new PreprocessConfig(227, "BGR", new float[] {103.939f, 116.779f, 123.68f}, 1f);
    }

    public boolean bgr() {
        return channelOrder.equals("BGR");
    }
}
