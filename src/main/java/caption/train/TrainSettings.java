package caption.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Settings of a decoder training run; all of them are recorded in the model's provenance. */
public record TrainSettings(
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batchSize") int batchSize,
        @JsonProperty("learningRate") double learningRate,
        @JsonProperty("learningRateDecay") double learningRateDecay,
        @JsonProperty("clipNorm") double clipNorm,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("embeddingSize") int embeddingSize,
        @JsonProperty("hiddenSize") int hiddenSize,
        @JsonProperty("minWordCount") int minWordCount,
        @JsonProperty("maxCaptionLength") int maxCaptionLength,
        @JsonProperty("seed") long seed,
        @JsonProperty("patience") int patience,
        @JsonProperty("validationBeam") int validationBeam,
        @JsonProperty("logEvery") int logEvery) {

    /** Settings without validation-driven stopping: beam 3 for validation, a log line every 50 steps. */
    public TrainSettings(int epochs, int batchSize, double learningRate, double learningRateDecay, double clipNorm,
            double dropout, int embeddingSize, int hiddenSize, int minWordCount, int maxCaptionLength, long seed) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize, hiddenSize,
                minWordCount, maxCaptionLength, seed, 0, 3, 50);
    }

    public TrainSettings {
        if (epochs < 1 || batchSize < 1 || embeddingSize < 1 || hiddenSize < 1 || maxCaptionLength < 1) {
            throw new IllegalArgumentException("epochs, batch size, sizes and caption length must be positive");
        }
        if (!(learningRate > 0) || !(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learning rate must be positive and its decay in (0, 1]");
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("gradient clipping norm must be positive");
        }
        if (patience < 0 || validationBeam < 1 || logEvery < 1) {
            throw new IllegalArgumentException("patience must not be negative, validation beam and log interval positive");
        }
        if (minWordCount < 1) {
            throw new IllegalArgumentException("minimum word count must be at least 1");
        }
    }
}
