package caption.cli;

import caption.data.CaptionDataset;
import caption.data.shapes.ScenesFile;
import caption.encoder.EncoderFile;
import caption.encoder.ImageEncoder;
import caption.encoder.ImageNetEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The frozen encoder of a training run and how its grid is pooled.
 *
 * @param name {@value #AUTO}, {@value #RANDOM}, {@value #IMAGENET} or an encoder file of 'caption pretrain-encoder'
 * @param weights the ImageNet weights file of {@value #IMAGENET}; null: looked up as ImageNetEncoder does
 * @param poolRegions pool over R x R regions; null keeps the encoder's own pooling
 * @param poolMax add the grid's global maximum to the pooled vector
 * @param imageSize input size of a {@value #RANDOM} encoder
 * @param seed initialisation seed of a {@value #RANDOM} encoder
 */
record EncoderChoice(
        @JsonProperty("name") String name,
        @JsonProperty("weights")
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathFromText.class)
        Path weights,
        @JsonProperty("poolRegions") Integer poolRegions,
        @JsonProperty("poolMax") boolean poolMax,
        @JsonProperty("imageSize") int imageSize,
        @JsonProperty("seed") long seed) {

    static final String AUTO = "auto";
    static final String RANDOM = "random";
    static final String IMAGENET = "imagenet";

    EncoderChoice {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the encoder must be named: random, imagenet or an encoder file");
        }
        if (poolRegions != null && poolRegions < 0) {
            throw new IllegalArgumentException("pool regions must not be negative, not " + poolRegions);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be positive, not " + imageSize);
        }
    }

    /**
     * The choice for this dataset: {@value #AUTO} becomes {@value #RANDOM} for generated shape scenes
     * (a scenes file beside them: the encoder is trained on such scenes) and {@value #IMAGENET} for
     * anything else (photos, which an ImageNet encoder describes and a random one does not).
     */
    EncoderChoice forData(CaptionDataset data, PrintWriter err) throws IOException {
        if (!name.equals(AUTO)) {
            return this;
        }
        boolean scenes = ScenesFile.readIfPresent(data.root()).isPresent();
        String chosen = scenes ? RANDOM : IMAGENET;
        err.printf("encoder: %s (%s; --encoder chooses another)%n", chosen,
                scenes ? "generated shape scenes" : "a photo dataset");
        return new EncoderChoice(chosen, weights, poolRegions, poolMax, imageSize, seed);
    }

    /** Loads the encoder, pooled as chosen; finding ImageNet weights is reported on {@code err}. */
    ImageEncoder load(PrintWriter err) throws IOException {
        if (name.equals(AUTO)) {
            throw new IllegalStateException("the automatic encoder choice depends on the data: forData first");
        }
        ImageEncoder encoder = unpooled(err);
        ImageEncoder.Description d = encoder.description();
        if (poolRegions != null) {
            d = d.withPoolRegions(poolRegions);
        }
        if (poolMax) {
            d = d.withPoolMax();
        }
        return encoder.withDescription(d);
    }

    private ImageEncoder unpooled(PrintWriter err) throws IOException {
        if (name.equals(IMAGENET)) {
            return ImageNetEncoder.load(weights, err);
        }
        if (!name.equals(RANDOM)) {
            return EncoderFile.load(Path.of(name));
        }
        PreprocessConfig preprocess = PreprocessConfig.shapes(imageSize);
        String cut = SqueezeNetFactory.SHAPES_CUT;
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(imageSize, cut, seed),
                new ImageEncoder.Description(preprocess, "zoo SqueezeNet v1.1, cut after " + cut,
                        Map.of("weights", "random initialisation (seed " + seed + "), frozen")));
    }
}
