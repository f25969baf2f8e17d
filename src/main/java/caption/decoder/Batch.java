package caption.decoder;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A teacher-forced batch: one feature row per caption (the pooled vector, or the grid flattened
 * position by position) and the captions' word ids {@code [B][T + 1]} from start to end, padded.
 * {@code weights}, when given, scale each caption's words in the gradient (a policy gradient's
 * advantages, {@code caption.train.SelfCriticalTrainer}); null weighs every word 1.
 */
public record Batch(INDArray features, int[][] tokens, int padId, float[] weights) {

    /** A batch whose words all weigh 1 (cross-entropy training). */
    public Batch(INDArray features, int[][] tokens, int padId) {
        this(features, tokens, padId, null);
    }

    public Batch {
        if (weights != null && weights.length != tokens.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + tokens.length + " captions");
        }
        int length = tokens[0].length;
        for (int[] row : tokens) {
            if (row.length != length) {
                throw new IllegalArgumentException("token rows of a batch must have one length");
            }
        }
        if (features.size(0) != tokens.length) {
            throw new IllegalArgumentException("one feature row per token row");
        }
        for (int[] row : tokens) {
            int firstPad = firstPad(row, padId);
            for (int t = firstPad; t < row.length; t++) {
                if (row[t] != padId) {
                    throw new IllegalArgumentException("a caption's padding must come after its last word");
                }
            }
        }
    }

    private static int firstPad(int[] row, int padId) {
        for (int t = 1; t < row.length; t++) {
            if (row[t] == padId) {
                return t;
            }
        }
        return row.length;
    }

    public int size() {
        return tokens.length;
    }

    /** Steps of teacher forcing: every token but the last is fed, every token but the first predicted. */
    public int steps() {
        return tokens[0].length - 1;
    }

    /** The number of steps of row r that predict a word: those before its padding. */
    public int length(int r) {
        return firstPad(tokens[r], padId) - 1;
    }
}
