package caption.api;

import caption.image.ImageDecoder;
import caption.search.SearchSettings;

/**
 * How to caption: the search (beam width, longest caption, method, length normalisation), how many
 * alternatives to return, whether to say where the model looked and what its LSTM did, the model
 * batch size of {@code captionAll} and the largest image accepted (from its header). Unset search
 * values are the model's own.
 */
public record CaptionOptions(Integer beam, Integer maxLength, String method, double temperature, Integer minLength,
        Boolean blockTrigrams, Double lengthAlpha, int nBest, boolean attention, boolean lstm, int batchSize,
        long maxPixels) {

    public CaptionOptions {
        if (beam != null && beam < 1 || maxLength != null && maxLength < 1) {
            throw new IllegalArgumentException("beam and maximum length must be at least 1");
        }
        if (minLength != null && (minLength < 0 || maxLength != null && minLength > maxLength)) {
            throw new IllegalArgumentException("minimum length must be from 0 to the maximum length, not " + minLength);
        }
        if (lengthAlpha != null && !(lengthAlpha >= 0)) {
            throw new IllegalArgumentException("length normalisation exponent must be 0 or more, not " + lengthAlpha);
        }
        if (nBest < 1 || batchSize < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("n-best, batch size and pixel limit must be at least 1");
        }
        new SearchSettings(1, 1, 0, method, temperature, 0, false); // checks the method and temperature
    }

    /** The model's search, one caption, no attention. */
    public static CaptionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The search these options ask of a model whose own defaults are {@code model}. */
    SearchSettings search(SearchSettings model) {
        int words = maxLength != null ? maxLength : model.maxLength();
        return new SearchSettings(beam != null ? beam : model.beamSize(), words,
                lengthAlpha != null ? lengthAlpha : model.lengthAlpha(),
                method != null ? method : model.method(), temperature,
                Math.min(words, minLength != null ? minLength : model.minLength()),
                blockTrigrams != null ? blockTrigrams : model.blockTrigrams());
    }

    /** Builds {@link CaptionOptions}; every setter is optional. */
    public static final class Builder {
        private Integer beam;
        private Integer maxLength;
        private String method;
        private double temperature = 1.0;
        private Integer minLength;
        private Boolean blockTrigrams;
        private Double lengthAlpha;
        private int nBest = 1;
        private boolean attention;
        private boolean lstm;
        private int batchSize = 16;
        private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

        private Builder() {}

        /** Beam width (1 is greedy); for sampling, the number of captions drawn. */
        public Builder beam(int k) {
            this.beam = k;
            return this;
        }

        public Builder maxLength(int words) {
            this.maxLength = words;
            return this;
        }

        /** {@code beam}, {@code greedy} or {@code sample}. */
        public Builder method(String name) {
            this.method = name;
            return this;
        }

        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        /** The fewest words a caption may have before its end. */
        public Builder minLength(int words) {
            this.minLength = words;
            return this;
        }

        /** Whether a word that would repeat a trigram of the caption is ruled out. */
        public Builder blockTrigrams(boolean on) {
            this.blockTrigrams = on;
            return this;
        }

        /** Ranks finished captions by logP / length^alpha: 0 by log-probability alone, more favours longer ones. */
        public Builder lengthAlpha(double alpha) {
            this.lengthAlpha = alpha;
            return this;
        }

        /** Alternatives returned in {@link caption.model.Caption#nBest()} (at most the beam width). */
        public Builder nBest(int n) {
            this.nBest = n;
            return this;
        }

        public Builder attention(boolean on) {
            this.attention = on;
            return this;
        }

        /** Each caption's {@link caption.model.LstmView}: hidden state, cell, gates and top next words per word. */
        public Builder lstm(boolean on) {
            this.lstm = on;
            return this;
        }

        public Builder batchSize(int images) {
            this.batchSize = images;
            return this;
        }

        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        public CaptionOptions build() {
            return new CaptionOptions(beam, maxLength, method, temperature, minLength, blockTrigrams, lengthAlpha, nBest,
                    attention, lstm, batchSize, maxPixels);
        }
    }
}
