package caption.train;

import caption.data.Vocabulary;
import com.fasterxml.jackson.annotation.JsonProperty;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.eval.CaptionScorer;
import caption.search.BeamSearch;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The validation split during training: its teacher-forced loss (no dropout) and the COCO metrics
 * of its beam-searched captions, which pick the best epoch.
 */
public final class Validation {

    /** One validation's figures. */
    public record Figures(@JsonProperty("loss") double loss, @JsonProperty("cider") double cider,
            @JsonProperty("bleu4") double bleu4) {}

    private final INDArray features;
    private final List<List<String>> references;
    private final List<DecoderTrainer.Pair> pairs;
    private final Vocabulary vocabulary;
    private final SearchSettings search;
    private final int batchSize;

    /**
     * @param features scaled feature rows of the validation images
     * @param references each image's reference captions
     */
    public Validation(INDArray features, List<List<String>> references, Vocabulary vocabulary, SearchSettings search,
            int batchSize) {
        this.features = features;
        this.references = references;
        this.vocabulary = vocabulary;
        this.search = search;
        this.batchSize = batchSize;
        this.pairs = DecoderTrainer.pairs(references, vocabulary, search.maxLength());
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
        BeamSearch beam = new BeamSearch(search, vocabulary.startId(), vocabulary.endId());
        for (int i = 0; i < references.size(); i++) {
            INDArray row = features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            List<Hypothesis> best = beam.search(decoder.steps(row, vocabulary.unknownId()));
            captions.put((long) i, best.isEmpty() ? "" : vocabulary.decode(best.get(0).words()));
            refs.put((long) i, references.get(i));
        }
        Map<String, Double> scores = new CaptionScorer().score(captions, refs).corpus();
        return new Figures(count == 0 ? Double.NaN : lossSum / count, scores.get("CIDEr"), scores.get("Bleu_4"));
    }
}
