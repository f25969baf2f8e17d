package caption.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU-1..4 exactly as the COCO toolkit's {@code BleuScorer} with option "closest": corpus sums of
 * clipped matches and guesses, and a brevity penalty from the reference length closest to each
 * hypothesis (ties to the shorter). Also the toolkit's per-image BLEU.
 */
public final class Bleu {

    public static final int N = 4;
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    /** Sufficient statistics of one image. */
    record Stats(int testLength, int refLength, long[] guess, long[] correct) {}

    private Bleu() {}

    static Stats stats(String hypothesis, List<String> references) {
        Map<String, Integer> maxCounts = new HashMap<>();
        int[] refLengths = new int[references.size()];
        for (int r = 0; r < references.size(); r++) {
            String[] words = NGrams.words(references.get(r));
            refLengths[r] = words.length;
            for (Map<String, Integer> grams : NGrams.count(words, N)) {
                grams.forEach((g, c) -> maxCounts.merge(g, c, Math::max));
            }
        }
        String[] words = NGrams.words(hypothesis);
        long[] guess = new long[N];
        long[] correct = new long[N];
        Map<String, Integer>[] counts = NGrams.count(words, N);
        for (int k = 0; k < N; k++) {
            guess[k] = Math.max(0, words.length - k);
            for (Map.Entry<String, Integer> e : counts[k].entrySet()) {
                correct[k] += Math.min(e.getValue(), maxCounts.getOrDefault(e.getKey(), 0));
            }
        }
        return new Stats(words.length, closest(refLengths, words.length), guess, correct);
    }

    private static int closest(int[] refLengths, int testLength) {
        int best = refLengths[0];
        for (int length : refLengths) {
            int d = Math.abs(length - testLength);
            int bestD = Math.abs(best - testLength);
            if (d < bestD || (d == bestD && length < best)) {
                best = length;
            }
        }
        return best;
    }

    /** Bleu_1..Bleu_4 of summed statistics. */
    static double[] score(long testLength, long refLength, long[] guess, long[] correct) {
        double[] bleu = new double[N];
        double product = 1;
        for (int k = 0; k < N; k++) {
            product *= (correct[k] + TINY) / (guess[k] + SMALL);
            bleu[k] = Math.pow(product, 1.0 / (k + 1));
        }
        double ratio = (testLength + TINY) / (refLength + SMALL);
        if (ratio < 1) {
            for (int k = 0; k < N; k++) {
                bleu[k] *= Math.exp(1 - 1 / ratio);
            }
        }
        return bleu;
    }

    static double[] score(Stats s) {
        return score(s.testLength(), s.refLength(), s.guess(), s.correct());
    }

    /** Corpus BLEU over all images' statistics. */
    static double[] corpus(List<Stats> images) {
        long test = 0;
        long ref = 0;
        long[] guess = new long[N];
        long[] correct = new long[N];
        for (Stats s : images) {
            test += s.testLength();
            ref += s.refLength();
            for (int k = 0; k < N; k++) {
                guess[k] += s.guess()[k];
                correct[k] += s.correct()[k];
            }
        }
        return score(test, ref, guess, correct);
    }
}
