package caption.api;

import caption.model.LstmView;
import java.util.List;

/**
 * One image's caption, or why it has none.
 *
 * @param source the image's path, or a caller's label for an in-memory image
 * @param text the best caption ("" when {@code error} is set)
 * @param score its length-normalised log-probability, by which the n-best list is ranked
 * @param logProb its log-probability
 * @param nBest the best captions found, best first (the first is this caption)
 * @param attention where the model looked for each word, or null (not asked for, or no attention)
 * @param lstm what the decoder's LSTM did at each word, or null (not asked for)
 * @param error a one-line reason the image has no caption, or null
 */
public record Caption(String source, String text, double score, double logProb, List<Alternative> nBest,
        Attention attention, LstmView lstm, String error) {

    public Caption {
        nBest = nBest == null ? List.of() : List.copyOf(nBest);
        if (text == null) {
            text = "";
        }
    }

    /** A failed image. */
    public static Caption failed(String source, String error) {
        return new Caption(source, "", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, List.of(), null, null, error);
    }

    /** Whether the image was captioned. */
    public boolean ok() {
        return error == null;
    }
}
