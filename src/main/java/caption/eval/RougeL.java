package caption.eval;

import java.util.List;

/** ROUGE-L as the COCO toolkit computes it: LCS-based F-measure with beta 1.2, best P and R over references. */
public final class RougeL {

    private static final double BETA = 1.2;

    private RougeL() {}

    static double score(String hypothesis, List<String> references) {
        // The toolkit splits on single spaces, so an empty caption is one empty token.
        String[] candidate = hypothesis.split(" ", -1);
        double precision = 0;
        double recall = 0;
        for (String reference : references) {
            String[] ref = reference.split(" ", -1);
            int lcs = lcs(ref, candidate);
            precision = Math.max(precision, lcs / (double) candidate.length);
            recall = Math.max(recall, lcs / (double) ref.length);
        }
        if (precision == 0 || recall == 0) {
            return 0;
        }
        return (1 + BETA * BETA) * precision * recall / (recall + BETA * BETA * precision);
    }

    static int lcs(String[] a, String[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (String x : a) {
            for (int j = 1; j <= b.length; j++) {
                current[j] = x.equals(b[j - 1]) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }
}
