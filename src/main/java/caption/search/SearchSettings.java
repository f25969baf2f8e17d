package caption.search;

/**
 * Beam search settings: beam width k (1 = greedy), the longest caption in words, and the
 * length-normalisation exponent alpha (ranking by logP / length^alpha; 0 turns it off).
 */
public record SearchSettings(int beamSize, int maxLength, double lengthAlpha) {

    public static final int DEFAULT_BEAM = 3;
    public static final int DEFAULT_MAX_LENGTH = 20;
    public static final double DEFAULT_ALPHA = 0.7;

    public SearchSettings {
        if (beamSize < 1) {
            throw new IllegalArgumentException("beam size must be at least 1, not " + beamSize);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum length must be at least 1, not " + maxLength);
        }
        if (lengthAlpha < 0) {
            throw new IllegalArgumentException("length normalisation exponent must be non-negative");
        }
    }

    public static SearchSettings defaults() {
        return new SearchSettings(DEFAULT_BEAM, DEFAULT_MAX_LENGTH, DEFAULT_ALPHA);
    }

    public SearchSettings withBeam(int k) {
        return new SearchSettings(k, maxLength, lengthAlpha);
    }
}
