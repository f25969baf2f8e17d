package caption.api;

import caption.image.ImageDecoder;
import caption.search.SearchSettings;
import java.io.Serializable;

/**
 * How to caption: the search (beam width, longest caption, method, length normalisation), how many
 * alternatives to return, whether to say where the model looked and what its LSTM did, the model
 * batch size of {@code captionAll} and the largest image accepted (from its header). Unset search
 * values are the model's own. Values are checked one by one and together when built, and against
 * the model's own search in {@link #search}: each refusal is one line naming the values.
 */
public record CaptionOptions(Integer beam, Integer maxLength, String method, Double temperature, Integer minLength,
        Boolean blockTrigrams, Double lengthAlpha, int nBest, boolean attention, boolean lstm, int batchSize,
        long maxPixels) implements Serializable {

    private static final long serialVersionUID = 1L;

    public CaptionOptions {
        atLeast("beam width", beam, 1);
        atLeast("maximum length", maxLength, 1);
        atLeast("minimum length", minLength, 0);
        atLeast("n-best", nBest, 1);
        atLeast("batch size", batchSize, 1);
        atLeast("pixel limit", maxPixels, 1);
        if (lengthAlpha != null && !(lengthAlpha >= 0 && lengthAlpha < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("length normalisation exponent must be a number from 0 up, not " + lengthAlpha);
        }
        if (temperature != null && !(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sampling temperature must be a number above 0, not " + temperature);
        }
        if (method != null && !SearchOption.METHODS.contains(method)) {
            throw new IllegalArgumentException("search method must be beam, greedy or sample, not " + method);
        }
        if (minLength != null && maxLength != null && minLength > maxLength) {
            throw new IllegalArgumentException("minimum length " + minLength + " is over the maximum length " + maxLength);
        }
        if (beam != null && nBest > beam) {
            throw new IllegalArgumentException("n-best " + nBest + " is over the beam width " + beam
                    + " (a search keeps at most beam-many captions)");
        }
        if (method != null) {
            checkMethod(method, beam, temperature, "");
        }
        if (SearchSettings.GREEDY.equals(method) && nBest > 1) {
            throw new IllegalArgumentException("n-best " + nBest + " needs method beam or sample; method greedy keeps "
                    + "one caption");
        }
    }

    /** Greedy search keeps one caption and only sampling has a temperature. */
    private static void checkMethod(String method, Integer beam, Double temperature, String whose) {
        if (SearchSettings.GREEDY.equals(method) && beam != null && beam > 1) {
            throw new IllegalArgumentException("beam width " + beam + " needs method beam or sample; " + whose
                    + "method greedy keeps one caption");
        }
        if (temperature != null && !SearchSettings.SAMPLE.equals(method)) {
            throw new IllegalArgumentException("a temperature needs method sample; " + whose + "method is "
                    + (method == null ? SearchSettings.BEAM : method));
        }
    }

    private static void atLeast(String what, Number value, long min) {
        if (value != null && value.longValue() < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
        }
    }

    /** The model's search, one caption, no attention. */
    public static CaptionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The search these options ask of a model whose own search is {@code model}: each value given
     * replaces the model's.
     *
     * @throws IllegalArgumentException when a value contradicts the model's own, naming both
     */
    public SearchSettings search(SearchSettings model) {
        int words = maxLength != null ? maxLength : model.maxLength();
        if (minLength != null && minLength > words) {
            throw new IllegalArgumentException("minimum length " + minLength + " is over the model's maximum length "
                    + words + "; give a maximum length too");
        }
        String searchMethod = method != null ? method : model.method();
        if (method == null) { // a method given was checked with the other values
            checkMethod(searchMethod, beam, temperature, "the model's ");
        }
        return new SearchSettings(beam != null ? beam : model.beamSize(), words,
                lengthAlpha != null ? lengthAlpha : model.lengthAlpha(), searchMethod,
                temperature != null ? temperature : model.temperature(),
                minLength != null ? minLength : Math.min(words, model.minLength()),
                blockTrigrams != null ? blockTrigrams : model.blockTrigrams());
    }

    /** Builds {@link CaptionOptions}; every setter is optional. */
    public static final class Builder {
        private Integer beam;
        private Integer maxLength;
        private String method;
        private Double temperature;
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

        /** For method sample: below 1 favours likelier words, above 1 more varied ones. */
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
