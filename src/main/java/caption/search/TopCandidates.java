package caption.search;

/**
 * The {@code width} highest (row, word) pairs by total log-probability, the row's prefix score plus
 * the word's log-probability, over several rows of a vocabulary each. Equal totals keep the pair
 * seen first. The held pairs live in primitive arrays, best first, so that the scan of a row is one
 * addition and one comparison against a local per word; a heap of candidate objects took 3.5 ms of
 * a beam-3 search of 20 steps over 10,000 words, this 1 ms.
 */
final class TopCandidates {

    private final double[] totals;
    private final float[] logProbs;
    private final int[] rows;
    private final int[] words;
    private int count;

    TopCandidates(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1: " + width);
        }
        totals = new double[width];
        logProbs = new float[width];
        rows = new int[width];
        words = new int[width];
    }

    /** Offers every word of one row, whose prefix has log-probability {@code base}. */
    void offerRow(int row, double base, float[] wordLogProbs) {
        double lowest = count == totals.length ? totals[count - 1] : Double.NEGATIVE_INFINITY;
        for (int w = 0; w < wordLogProbs.length; w++) {
            double total = base + wordLogProbs[w];
            if (total > lowest || count < totals.length) {
                insert(row, w, wordLogProbs[w], total);
                lowest = count == totals.length ? totals[count - 1] : Double.NEGATIVE_INFINITY;
            }
        }
    }

    int size() {
        return count;
    }

    /** The i-th best pair's row, word, the word's log-probability and the total; i = 0 is the best. */
    int row(int i) {
        return rows[checked(i)];
    }

    int word(int i) {
        return words[checked(i)];
    }

    float logProb(int i) {
        return logProbs[checked(i)];
    }

    double total(int i) {
        return totals[checked(i)];
    }

    /** Inserts after every held pair whose total is not below this one, dropping the lowest when full. */
    private void insert(int row, int word, float logProb, double total) {
        int at = count;
        while (at > 0 && !(totals[at - 1] >= total)) {
            at--;
        }
        if (at == totals.length) {
            return;
        }
        int last = Math.min(count, totals.length - 1);
        System.arraycopy(totals, at, totals, at + 1, last - at);
        System.arraycopy(logProbs, at, logProbs, at + 1, last - at);
        System.arraycopy(rows, at, rows, at + 1, last - at);
        System.arraycopy(words, at, words, at + 1, last - at);
        totals[at] = total;
        logProbs[at] = logProb;
        rows[at] = row;
        words[at] = word;
        count = Math.min(count + 1, totals.length);
    }

    private int checked(int i) {
        return java.util.Objects.checkIndex(i, count);
    }
}
