package caption.model;

import java.util.List;

/**
 * One image's caption, or why it has none: what the model, the library API, folder runs, the
 * server and the Spark job all hand on. The model leaves {@code source} null; whoever knows the
 * image names it ({@link #from}).
 *
 * @param source the image's path, or a caller's label for an in-memory image (null until named)
 * @param text the best caption ("" when {@code error} is set)
 * @param score its length-normalised log-probability, by which the n-best list is ranked
 * @param logProb its log-probability
 * @param nBest the best captions found, best first (the first is this caption)
 * @param attention where the model looked for each word, or null (not asked for, or no attention)
 * @param lstm what the decoder's LSTM did at each word, or null (not asked for)
 * @param error a one-line reason the image has no caption, or null
 */
public record Caption(String source, String text, double score, double logProb, List<Alternative> nBest,
        AttentionMap attention, LstmView lstm, String error) {

    public Caption {
        nBest = nBest == null ? List.of() : List.copyOf(nBest);
        if (text == null) {
            text = "";
        }
    }

    /** A caption heading its n-best list, without attention or LSTM view, not yet named. */
    public static Caption best(List<Alternative> nBest) {
        if (nBest.isEmpty()) {
            return new Caption(null, "", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, List.of(), null, null, null);
        }
        Alternative best = nBest.get(0);
        return new Caption(null, best.text(), best.score(), best.logProb(), nBest, null, null, null);
    }

    /** A failed image. */
    public static Caption failed(String source, String error) {
        if (error == null) {
            throw new IllegalArgumentException("a failed caption needs its reason");
        }
        return new Caption(source, "", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, List.of(), null, null, error);
    }

    /** Whether the image was captioned. */
    public boolean ok() {
        return error == null;
    }

    /** This caption of the image named {@code source}. */
    public Caption from(String source) {
        return new Caption(source, text, score, logProb, nBest, attention, lstm, error);
    }

    /** This caption with at most {@code count} entries in its n-best list. */
    public Caption keepingBest(int count) {
        return nBest.size() <= count ? this
                : new Caption(source, text, score, logProb, nBest.subList(0, count), attention, lstm, error);
    }

    public Caption withAttention(AttentionMap map) {
        return new Caption(source, text, score, logProb, nBest, map, lstm, error);
    }

    public Caption withLstm(LstmView view) {
        return new Caption(source, text, score, logProb, nBest, attention, view, error);
    }
}
