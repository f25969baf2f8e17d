package caption.decoder;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * One kind of caption decoder and every decision that depends on its kind: the checks of its
 * config, which image features it reads, its initial parameters, and the decoder itself (its
 * training pass and search steps). Registered in {@link DecoderTypes}; a new decoder is one class
 * implementing this, listed in {@code META-INF/services/caption.decoder.DecoderType}.
 */
public interface DecoderType {

    /** The features a decoder reads from the encoder. */
    enum FeatureInput {
        /** The pooled vector of the image (one row of {@code featureSize}). */
        POOLED,
        /** The spatial grid, flattened position by position ({@code regions} x {@code featureSize}). */
        GRID
    }

    /** The name in model files and on the command line ({@code show-tell}). */
    String name();

    /** One line for help texts. */
    String description();

    FeatureInput input();

    /** Whether its captions come with attention weights per word ({@link CaptionDecoder#attention}). */
    default boolean attends() {
        return false;
    }

    /** Throws {@link IllegalArgumentException} naming what is wrong with the type's own settings. */
    void check(DecoderConfig config);

    /** The config of a decoder to train over features of {@code featureWidth} in {@code regions} positions. */
    DecoderConfig configure(int vocabularySize, int featureWidth, int regions, DecoderOptions options);

    /** Parameters to start training from. */
    DecoderParams initialise(DecoderConfig config, long seed, DataType dataType);

    /** The decoder with these weights (checked against the config). */
    CaptionDecoder create(DecoderConfig config, DecoderParams params);
}
