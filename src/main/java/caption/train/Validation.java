package caption.train;

import caption.model.Provenance;
import caption.data.Vocabulary;
import caption.data.shapes.Scene;
import caption.eval.SceneAccuracy;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.encoder.FeatureRows;
import caption.eval.CaptionScorer;
import caption.search.CaptionSearch;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The validation split during training: its teacher-forced loss (no dropout), the COCO metrics of
 * its beam-searched captions and, for shape scenes, their scene accuracy; these pick the best epoch.
 */
public final class Validation {

    /** One validation's figures; {@code sceneAccuracy} is null unless the split has scenes. */
    public record Figures(@JsonProperty("loss") double loss, @JsonProperty("cider") double cider,
            @JsonProperty("bleu4") double bleu4,
            @JsonProperty("sceneAccuracy") @JsonInclude(JsonInclude.Include.NON_NULL) Double sceneAccuracy) {

        /** The figures as a model's provenance records them. */
        public Provenance.Validation toProvenance() {
            return new Provenance.Validation(loss, cider, bleu4, sceneAccuracy);
        }

        public Figures(double loss, double cider, double bleu4) {
            this(loss, cider, bleu4, null);
        }

        /**
         * Whether these figures beat {@code other}: scene accuracy when both have it (what the shapes
         * models are for; CIDEr rewards fluent captions that name a wrong shape), CIDEr to break ties
         * and otherwise.
         */
        public boolean betterThan(Figures other) {
            if (sceneAccuracy != null && other.sceneAccuracy != null
                    && sceneAccuracy.doubleValue() != other.sceneAccuracy.doubleValue()) {
                return sceneAccuracy > other.sceneAccuracy;
            }
            return cider > other.cider;
        }

        /** The figures as the log line shows them. */
        public String describe() {
            return String.format(Locale.ROOT, "validation loss %.4f, CIDEr %.4f, BLEU-4 %.4f", loss, cider, bleu4)
                    + (sceneAccuracy == null ? "" : String.format(Locale.ROOT, ", scene accuracy %.3f", sceneAccuracy));
        }
    }

    private final FeatureRows features;
    private final List<List<String>> references;
    private final List<DecoderTrainer.Pair> pairs;
    private final Vocabulary vocabulary;
    private final SearchSettings search;
    private final int batchSize;
    private final List<Scene> scenes;

    /**
     * @param features scaled feature rows of the validation images, read a batch at a time
     * @param references each image's reference captions
     */
    public Validation(FeatureRows features, List<List<String>> references, Vocabulary vocabulary, SearchSettings search,
            int batchSize) {
        this(features, references, null, vocabulary, search, batchSize);
    }

    /** @param scenes each image's scene (shape scenes), to measure scene accuracy; or null */
    public Validation(FeatureRows features, List<List<String>> references, List<Scene> scenes, Vocabulary vocabulary,
            SearchSettings search, int batchSize) {
        if (scenes != null && scenes.size() != references.size()) {
            throw new IllegalArgumentException(scenes.size() + " scenes for " + references.size() + " images");
        }
        this.scenes = scenes;
        this.features = features;
        this.references = references;
        this.vocabulary = vocabulary;
        this.search = search;
        this.batchSize = batchSize;
        this.pairs = DecoderTrainer.pairs(references, vocabulary, search.maxLength());
    }

    /** The same split and references, captioned with another search. */
    public Validation withSearch(SearchSettings other) {
        return new Validation(features, references, scenes, vocabulary, other, batchSize);
    }

    /** The same split and references with other rows of the same images (the encoder trains too). */
    public Validation withFeatures(FeatureRows other) {
        return new Validation(other, references, scenes, vocabulary, search, batchSize);
    }

    public FeatureRows features() {
        return features;
    }

    /** The search whose captions are measured. */
    public SearchSettings search() {
        return search;
    }

    public Figures evaluate(CaptionDecoder decoder) {
        double lossSum = 0;
        long count = 0;
        for (int from = 0; from < pairs.size(); from += batchSize) {
            List<DecoderTrainer.Pair> slice = pairs.subList(from, Math.min(pairs.size(), from + batchSize));
            Batch batch = DecoderTrainer.batch(features, slice, vocabulary);
            long words = slice.stream().mapToLong(p -> p.words().length + 1).sum();
            lossSum += decoder.loss(batch) * words;
            count += words;
        }
        Map<Long, String> captions = new LinkedHashMap<>();
        Map<Long, List<String>> refs = new LinkedHashMap<>();
        CaptionSearch beam = CaptionSearch.of(search, vocabulary.startId(), vocabulary.endId());
        for (int i = 0; i < references.size(); i++) {
            INDArray row = features.rows(new int[] {i});
            List<Hypothesis> best = beam.search(decoder.steps(row, vocabulary.unwritable()));
            captions.put((long) i, best.isEmpty() ? "" : vocabulary.decode(best.get(0).words()));
            refs.put((long) i, references.get(i));
        }
        Map<String, Double> scores = new CaptionScorer().score(captions, refs).corpus();
        return new Figures(count == 0 ? Double.NaN : lossSum / count, scores.get("CIDEr"), scores.get("Bleu_4"),
                sceneAccuracy(captions));
    }

    private Double sceneAccuracy(Map<Long, String> captions) {
        if (scenes == null) {
            return null;
        }
        SceneAccuracy accuracy = new SceneAccuracy();
        for (int i = 0; i < scenes.size(); i++) {
            accuracy.add(captions.get((long) i), scenes.get(i));
        }
        return accuracy.sceneAccuracy();
    }
}
