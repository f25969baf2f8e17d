package caption.search;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to search for a caption: the {@code method} (beam search, greedy, or sampling), the beam
 * width k (for sampling: the number of captions drawn), the longest caption in words, the
 * length-normalisation exponent alpha (ranking by logP / length^alpha; 0 turns it off), the
 * sampling temperature, the fewest words before the end may be written ({@code minLength}) and
 * whether a word that would repeat a trigram of the caption is blocked ({@code blockTrigrams}).
 */
public record SearchSettings(
        @JsonProperty("beamSize") int beamSize,
        @JsonProperty("maxLength") int maxLength,
        @JsonProperty("lengthAlpha") double lengthAlpha,
        @JsonProperty("method") String method,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("minLength") int minLength,
        @JsonProperty("blockTrigrams") boolean blockTrigrams) {

    public static final String BEAM = "beam";
    public static final String GREEDY = "greedy";
    public static final String SAMPLE = "sample";

    public static final int DEFAULT_BEAM = 3;
    public static final int DEFAULT_MAX_LENGTH = 20;
    public static final double DEFAULT_ALPHA = 0.7;

    public SearchSettings {
        if (method == null) {
            method = BEAM;
        }
        if (!method.equals(BEAM) && !method.equals(GREEDY) && !method.equals(SAMPLE)) {
            throw new IllegalArgumentException("search method must be beam, greedy or sample, not " + method);
        }
        if (temperature == 0) {
            temperature = 1.0; // absent from a model file
        }
        if (beamSize < 1) {
            throw new IllegalArgumentException("beam size must be at least 1, not " + beamSize);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum length must be at least 1, not " + maxLength);
        }
        if (lengthAlpha < 0) {
            throw new IllegalArgumentException("length normalisation exponent must be non-negative");
        }
        if (minLength < 0 || minLength > maxLength) {
            throw new IllegalArgumentException("minimum length must be in 0.." + maxLength + ", not " + minLength);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("sampling temperature must be positive, not " + temperature);
        }
    }

    /** Beam search settings. */
    public SearchSettings(int beamSize, int maxLength, double lengthAlpha) {
        this(beamSize, maxLength, lengthAlpha, BEAM, 1.0, 0, false);
    }

    public static SearchSettings defaults() {
        return new SearchSettings(DEFAULT_BEAM, DEFAULT_MAX_LENGTH, DEFAULT_ALPHA);
    }

    public SearchSettings withBeam(int k) {
        return new SearchSettings(k, maxLength, lengthAlpha, method, temperature, minLength, blockTrigrams);
    }

    public SearchSettings withMaxLength(int words) {
        return new SearchSettings(beamSize, words, lengthAlpha, method, temperature, Math.min(minLength, words),
                blockTrigrams);
    }

    public SearchSettings withMethod(String name, double sampleTemperature) {
        return new SearchSettings(beamSize, maxLength, lengthAlpha, name, sampleTemperature, minLength, blockTrigrams);
    }

    /** The same search ranking finished captions by logP / length^alpha. */
    public SearchSettings withLengthAlpha(double alpha) {
        return new SearchSettings(beamSize, maxLength, alpha, method, temperature, minLength, blockTrigrams);
    }

    /** The same search with at least {@code words} words before the end and, if asked, no repeated trigram. */
    public SearchSettings withConstraints(int words, boolean noRepeatedTrigrams) {
        return new SearchSettings(beamSize, maxLength, lengthAlpha, method, temperature, words, noRepeatedTrigrams);
    }

    /**
     * Rules out, in place, the next words these settings forbid after {@code words}: the end before
     * {@code minLength} words, and a word completing a trigram the words already hold.
     */
    void constrain(int[] words, float[] logProbs, int endWord) {
        if (words.length < minLength) {
            logProbs[endWord] = Float.NEGATIVE_INFINITY;
        }
        if (blockTrigrams && words.length >= 2) {
            int a = words[words.length - 2];
            int b = words[words.length - 1];
            for (int i = 0; i + 2 < words.length; i++) {
                if (words[i] == a && words[i + 1] == b) {
                    logProbs[words[i + 2]] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** A finished sequence scored by length-normalised log-probability; the end word counts as a word. */
    Hypothesis hypothesis(int[] words, double logProb, boolean ended) {
        int length = words.length + (ended ? 1 : 0);
        double score = logProb / Math.pow(Math.max(1, length), lengthAlpha);
        return new Hypothesis(words, logProb, score, ended);
    }
}
