package caption.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The COCO caption evaluation (coco-caption / pycocoevalcap) in Java: every caption tokenised as
 * the toolkit does, then BLEU-1..4, ROUGE-L and CIDEr-D over the images that have a result.
 */
public final class CaptionScorer {

    /** The toolkit's metric names, in its order. */
    public static final List<String> METRICS = List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");

    /** One image's tokenised caption and scores. */
    public record ImageScore(long imageId, String caption, Map<String, Double> scores) {}

    /** Corpus scores (keys of {@link #METRICS}) and each image's. */
    public record Scores(Map<String, Double> corpus, List<ImageScore> images) {}

    private final CocoTokenizer tokenizer = new CocoTokenizer();

    /**
     * @param results a caption per image to score
     * @param references every reference caption per image; must hold every image of {@code results}
     */
    public Scores score(Map<Long, String> results, Map<Long, List<String>> references) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("there are no results to score");
        }
        List<Long> ids = new ArrayList<>(results.keySet());
        List<String> hyps = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        for (long id : ids) {
            List<String> imageRefs = references.get(id);
            if (imageRefs == null || imageRefs.isEmpty()) {
                throw new IllegalArgumentException("image " + id + " has a result but no reference captions");
            }
            hyps.add(tokenizer.tokenize(results.get(id)));
            refs.add(imageRefs.stream().map(tokenizer::tokenize).toList());
        }
        return scoreTokenized(ids, hyps, refs);
    }

    /** Scores captions that are already tokenised as the toolkit's tokenizer leaves them. */
    static Scores scoreTokenized(List<Long> ids, List<String> hyps, List<List<String>> refs) {
        List<Bleu.Stats> bleuStats = new ArrayList<>();
        double[] cider = CiderD.scores(hyps, refs);
        double rougeSum = 0;
        double ciderSum = 0;
        List<ImageScore> images = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Bleu.Stats stats = Bleu.stats(hyps.get(i), refs.get(i));
            bleuStats.add(stats);
            double rouge = RougeL.score(hyps.get(i), refs.get(i));
            rougeSum += rouge;
            ciderSum += cider[i];
            images.add(new ImageScore(ids.get(i), hyps.get(i), named(Bleu.score(stats), rouge, cider[i])));
        }
        Map<String, Double> corpus = named(Bleu.corpus(bleuStats), rougeSum / ids.size(), ciderSum / ids.size());
        return new Scores(corpus, images);
    }

    private static Map<String, Double> named(double[] bleu, double rouge, double cider) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int k = 0; k < Bleu.N; k++) {
            scores.put(METRICS.get(k), bleu[k]);
        }
        scores.put("ROUGE_L", rouge);
        scores.put("CIDEr", cider);
        return scores;
    }
}
