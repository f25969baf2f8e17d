package caption.decoder;

import caption.kernel.Numerics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What both decoders' search steps share, on Java arrays ({@link SearchRows}): each row's input
 * starts with its word's embedding, then the LSTM cell and the output layer give the next word's
 * log-probabilities; words that must never be written (the vocabulary's {@code <unk>}, as im2txt
 * and neuraltalk2 do) get probability zero.
 */
final class SearchLstm {

    /** A step's log-probabilities [rows][vocabulary] and the LSTM state after it. */
    record Output(float[][] logProbs, SearchRows.Lstm cell) {}

    private final DecoderParams params;
    private final int hidden;
    private final int vocabulary;
    private final float[] lstmBias;
    private final float[] outBias;
    private final int[] banned;

    SearchLstm(DecoderParams params, DecoderConfig config, int[] banned) {
        this.params = params;
        this.hidden = config.hiddenSize();
        this.vocabulary = config.vocabularySize();
        this.lstmBias = SearchRows.floats(params.get(DecoderParams.LSTM_B));
        this.outBias = SearchRows.floats(params.get(DecoderParams.OUT_B));
        this.banned = banned.clone();
    }

    /** The initial h and c of {@code rows} sequences from their [h0 | c0] rows, [rows, 2H] flattened. */
    SearchRows.Lstm initialState(float[] both, int rows) {
        float[] h = new float[rows * hidden];
        float[] c = new float[rows * hidden];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(both, 2 * r * hidden, h, r * hidden, hidden);
            System.arraycopy(both, (2 * r + 1) * hidden, c, r * hidden, hidden);
        }
        return new SearchRows.Lstm(h, c, null);
    }

    /** The rest of each row's LSTM input after its word's embedding: its row of each of {@code parts} ([rows, width] each). */
    float[] input(int rows, float[]... parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        int width = 0;
        for (float[] part : parts) {
            width += part.length / rows;
        }
        float[] input = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int at = r * width;
            for (float[] part : parts) {
                int partWidth = part.length / rows;
                System.arraycopy(part, r * partWidth, input, at, partWidth);
                at += partWidth;
            }
        }
        return input;
    }

    /**
     * The LSTM cell on the rows' inputs (each row's word, then the rest of its input) and previous c,
     * then the output layer's log-probabilities.
     */
    Output step(int[] words, float[] rest, float[] cPrev) {
        int rows = words.length;
        float[] z = params.searchGates(words, rest);
        SearchRows.addBias(z, rows, lstmBias);
        SearchRows.Lstm cell = SearchRows.lstm(z, cPrev, rows, hidden);
        float[] logits = params.searchProduct(DecoderParams.OUT_W, cell.h(), rows);
        SearchRows.addBias(logits, rows, outBias);
        float[][] logProbs = Numerics.current().logSoftmaxRows(logits, rows, vocabulary);
        DecoderMath.ban(logProbs, banned);
        return new Output(logProbs, cell);
    }
}
