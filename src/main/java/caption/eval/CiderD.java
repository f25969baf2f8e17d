package caption.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as the COCO toolkit's {@code CiderScorer}: tf-idf vectors of 1..4-grams with document
 * frequencies over the scored images' reference sets, clipped products, a Gaussian length penalty
 * (sigma 6, length counted as bigram occurrences) and a factor of 10.
 */
public final class CiderD {

    private static final int N = 4;
    private static final double SIGMA = 6.0;

    /** A caption's tf-idf vectors, norms and length. */
    private record Vector(Map<String, Double>[] tfidf, double[] norm, int length) {}

    private CiderD() {}

    /** Per-image scores, in the order of the inputs. */
    static double[] scores(List<String> hypotheses, List<List<String>> references) {
        List<Map<String, Integer>[]> hyps = new ArrayList<>();
        List<List<Map<String, Integer>[]>> refs = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (int i = 0; i < hypotheses.size(); i++) {
            hyps.add(NGrams.count(NGrams.words(hypotheses.get(i)), N));
            List<Map<String, Integer>[]> counted = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String reference : references.get(i)) {
                Map<String, Integer>[] counts = NGrams.count(NGrams.words(reference), N);
                counted.add(counts);
                for (Map<String, Integer> grams : counts) {
                    seen.addAll(grams.keySet());
                }
            }
            refs.add(counted);
            seen.forEach(g -> documentFrequency.merge(g, 1, Integer::sum));
        }
        double logImages = Math.log(hypotheses.size());
        double[] scores = new double[hypotheses.size()];
        for (int i = 0; i < scores.length; i++) {
            Vector hyp = vector(hyps.get(i), documentFrequency, logImages);
            double[] sum = new double[N];
            for (Map<String, Integer>[] ref : refs.get(i)) {
                double[] sim = similarity(hyp, vector(ref, documentFrequency, logImages));
                for (int k = 0; k < N; k++) {
                    sum[k] += sim[k];
                }
            }
            double mean = 0;
            for (double s : sum) {
                mean += s;
            }
            scores[i] = mean / N / refs.get(i).size() * 10.0;
        }
        return scores;
    }

    private static Vector vector(Map<String, Integer>[] counts, Map<String, Integer> df, double logImages) {
        @SuppressWarnings("unchecked")
        Map<String, Double>[] tfidf = new Map[N];
        double[] norm = new double[N];
        int length = 0;
        for (int k = 0; k < N; k++) {
            tfidf[k] = new HashMap<>();
            for (Map.Entry<String, Integer> e : counts[k].entrySet()) {
                double idf = logImages - Math.log(Math.max(1.0, df.getOrDefault(e.getKey(), 0)));
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
