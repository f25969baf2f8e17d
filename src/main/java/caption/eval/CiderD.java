package caption.eval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as the COCO toolkit's {@code CiderScorer}: tf-idf vectors of 1..4-grams with document
 * frequencies over a corpus of reference sets, clipped products, a Gaussian length penalty
 * (sigma 6, length counted as bigram occurrences) and a factor of 10. The corpus is the scored
 * images' reference sets when evaluating (as the toolkit), and the training split's when CIDEr-D
 * is a reward (self-critical training, whose samples are scored one image at a time).
 */
public final class CiderD {

    private static final int N = 4;
    private static final double SIGMA = 6.0;

    /** A caption's tf-idf vectors, norms and length. */
    private record Vector(Map<String, Double>[] tfidf, double[] norm, int length) {}

    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double logDocuments;

    private CiderD(List<List<String>> corpus) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("CIDEr-D needs at least one reference set");
        }
        for (List<String> references : corpus) {
            Set<String> seen = new HashSet<>();
            for (String reference : references) {
                for (Map<String, Integer> grams : NGrams.count(NGrams.words(reference), N)) {
                    seen.addAll(grams.keySet());
                }
            }
            seen.forEach(g -> documentFrequency.merge(g, 1, Integer::sum));
        }
        logDocuments = Math.log(corpus.size());
    }

    /** A scorer whose document frequencies come from {@code corpus}, one reference set per image. */
    public static CiderD over(List<List<String>> corpus) {
        return new CiderD(corpus);
    }

    /** CIDEr-D of one caption against its image's references. */
    public double score(String hypothesis, List<String> references) {
        Vector hyp = vector(NGrams.count(NGrams.words(hypothesis), N));
        double[] sum = new double[N];
        for (String reference : references) {
            double[] sim = similarity(hyp, vector(NGrams.count(NGrams.words(reference), N)));
            for (int k = 0; k < N; k++) {
                sum[k] += sim[k];
            }
        }
        double mean = 0;
        for (double s : sum) {
            mean += s;
        }
        return mean / N / references.size() * 10.0;
    }

    /** Per-image scores, in the order of the inputs, with document frequencies over these references. */
    static double[] scores(List<String> hypotheses, List<List<String>> references) {
        CiderD cider = over(references);
        double[] scores = new double[hypotheses.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = cider.score(hypotheses.get(i), references.get(i));
        }
        return scores;
    }

    private Vector vector(Map<String, Integer>[] counts) {
        @SuppressWarnings("unchecked")
        Map<String, Double>[] tfidf = new Map[N];
        double[] norm = new double[N];
        int length = 0;
        for (int k = 0; k < N; k++) {
            tfidf[k] = new HashMap<>();
            for (Map.Entry<String, Integer> e : counts[k].entrySet()) {
                double idf = logDocuments - Math.log(Math.max(1.0, documentFrequency.getOrDefault(e.getKey(), 0)));
                double value = e.getValue() * idf;
                tfidf[k].put(e.getKey(), value);
                norm[k] += value * value;
                if (k == 1) {
                    length += e.getValue();
                }
            }
            norm[k] = Math.sqrt(norm[k]);
        }
        return new Vector(tfidf, norm, length);
    }

    private static double[] similarity(Vector hyp, Vector ref) {
        double delta = hyp.length() - ref.length();
        double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
        double[] val = new double[N];
        for (int k = 0; k < N; k++) {
            for (Map.Entry<String, Double> e : hyp.tfidf()[k].entrySet()) {
                double r = ref.tfidf()[k].getOrDefault(e.getKey(), 0.0);
                val[k] += Math.min(e.getValue(), r) * r;
            }
            if (hyp.norm()[k] != 0 && ref.norm()[k] != 0) {
                val[k] /= hyp.norm()[k] * ref.norm()[k];
            }
            val[k] *= penalty;
        }
        return val;
    }
}
