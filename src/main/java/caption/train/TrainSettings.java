package caption.train;

import caption.decoder.DecoderConfig;
import caption.decoder.DecoderOptions;
import caption.decoder.DecoderType;
import caption.decoder.DecoderTypes;
import com.fasterxml.jackson.annotation.JsonCreator;
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
        @JsonProperty("logEvery") int logEvery,
        @JsonProperty("decoder") String decoder,
        @JsonProperty("attentionSize") int attentionSize,
        @JsonProperty("attentionLambda") double attentionLambda,
        @JsonProperty("attentionPositions") boolean attentionPositions,
        @JsonProperty("featureDtype") String featureDtype,
        @JsonProperty("averageDecay") double averageDecay) {

    /** Attention layer size when none is given. */
    public static final int DEFAULT_ATTENTION_SIZE = 256;
    /** Weight of the doubly stochastic regulariser when none is given, as in Show, Attend and Tell. */
    public static final double DEFAULT_ATTENTION_LAMBDA = 1.0;
    /** How the feature store keeps rows when nothing is said. */
    public static final String DEFAULT_FEATURE_DTYPE = "float32";

    /** Settings without validation-driven stopping: beam 3 for validation, a log line every 50 steps. */
    public TrainSettings(int epochs, int batchSize, double learningRate, double learningRateDecay, double clipNorm,
            double dropout, int embeddingSize, int hiddenSize, int minWordCount, int maxCaptionLength, long seed) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize, hiddenSize,
                minWordCount, maxCaptionLength, seed, 0, 3, 50, DecoderTypes.DEFAULT, 0, DEFAULT_ATTENTION_LAMBDA, true,
                DEFAULT_FEATURE_DTYPE, 0);
    }

    /** Settings without validation-driven stopping, with validation and logging as given. */
    public TrainSettings(int epochs, int batchSize, double learningRate, double learningRateDecay, double clipNorm,
            double dropout, int embeddingSize, int hiddenSize, int minWordCount, int maxCaptionLength, long seed,
            int patience, int validationBeam, int logEvery) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize, hiddenSize,
                minWordCount, maxCaptionLength, seed, patience, validationBeam, logEvery, DecoderTypes.DEFAULT, 0,
                DEFAULT_ATTENTION_LAMBDA, true, DEFAULT_FEATURE_DTYPE, 0);
    }

    /** The same settings for the given decoder type; {@code positions}: grid positions carry their (x, y). */
    public TrainSettings withDecoder(String type, int attention, double lambda, boolean positions) {
        return new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize,
                hiddenSize, minWordCount, maxCaptionLength, seed, patience, validationBeam, logEvery, type, attention,
                lambda, positions, featureDtype, averageDecay);
    }

    /** The same settings with features stored as {@code dtype} (float32 or float16). */
    public TrainSettings withFeatureDtype(String dtype) {
        return new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize,
                hiddenSize, minWordCount, maxCaptionLength, seed, patience, validationBeam, logEvery, decoder,
                attentionSize, attentionLambda, attentionPositions, dtype, averageDecay);
    }

    /** The same settings, also validating a moving average of the weights with this decay per step (0: none). */
    public TrainSettings withAverageDecay(double decay) {
        return new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm, dropout, embeddingSize,
                hiddenSize, minWordCount, maxCaptionLength, seed, patience, validationBeam, logEvery, decoder,
                attentionSize, attentionLambda, attentionPositions, featureDtype, decay);
    }

    /** The registered decoder type these settings train. */
    public DecoderType decoderType() {
        return DecoderTypes.named(decoder);
    }

    /** The decoder to train for this vocabulary and features of {@code regions} positions per row. */
    public DecoderConfig decoderConfig(int vocabularySize, int featureWidth, int regions) {
        return decoderType().configure(vocabularySize, featureWidth, regions, new DecoderOptions(embeddingSize,
                hiddenSize, dropout, attentionSize, attentionLambda, attentionPositions));
    }

    @JsonCreator
    public TrainSettings {
        if (decoder == null) {
            decoder = DecoderTypes.DEFAULT;
        }
        DecoderTypes.named(decoder);
        if (featureDtype == null) {
            featureDtype = DEFAULT_FEATURE_DTYPE;
        }
        if (!featureDtype.equals("float32") && !featureDtype.equals("float16")) {
            throw new IllegalArgumentException("feature dtype must be float32 or float16, not " + featureDtype);
        }
        if (attentionSize == 0) {
            attentionSize = DEFAULT_ATTENTION_SIZE;
        }
        if (attentionSize < 0 || !(attentionLambda >= 0)) {
            throw new IllegalArgumentException("attention size must be positive and its regulariser weight not negative");
        }
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
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("weight average decay must be in [0, 1)");
        }
        if (minWordCount < 1) {
            throw new IllegalArgumentException("minimum word count must be at least 1");
        }
    }
}
