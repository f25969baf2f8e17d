package caption.decoder;

/**
 * What a user chooses of a decoder before the data fixes its vocabulary and feature sizes. The
 * attention settings are read only by decoders that attend; {@code positions}: each grid position's
 * vector carries its (x, y).
 */
public record DecoderOptions(int embeddingSize, int hiddenSize, double dropout, int attentionSize,
        double attentionLambda, boolean positions) {

    public DecoderOptions {
        if (embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("embedding and hidden sizes must be positive");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (attentionSize < 1 || !(attentionLambda >= 0)) {
            throw new IllegalArgumentException("attention size must be positive and its regulariser weight not negative");
        }
    }
}
