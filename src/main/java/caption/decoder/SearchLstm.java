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
    private final INDArray embedding;
    private final int hidden;
    private final int embeddingSize;
    private final int vocabulary;
    private final float[] lstmBias;
    private final float[] outBias;
    private final int[] banned;

    SearchLstm(DecoderParams params, DecoderConfig config, int[] banned) {
        this.params = params;
        this.embedding = params.get(DecoderParams.EMBEDDING);
        this.hidden = config.hiddenSize();
        this.embeddingSize = config.embeddingSize();
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

    /** Each row's LSTM input: its word's embedding, then its row of each of {@code parts} ([rows, width] each). */
    float[] input(int[] words, float[]... parts) {
        int rows = words.length;
        int width = embeddingSize;
        for (float[] part : parts) {
            width += part.length / rows;
        }
        float[] embedded = SearchRows.rowsOf(embedding, words);
        float[] input = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(embedded, r * embeddingSize, input, r * width, embeddingSize);
            int at = r * width + embeddingSize;
            for (float[] part : parts) {
                int partWidth = part.length / rows;
                System.arraycopy(part, r * partWidth, input, at, partWidth);
                at += partWidth;
            }
        }
        return input;
    }

    /** The LSTM cell on the rows' inputs and previous c, then the output layer's log-probabilities. */
    Output step(float[] input, float[] cPrev, int rows) {
        float[] z = params.searchProduct(DecoderParams.LSTM_W, input, rows);
        SearchRows.addBias(z, rows, lstmBias);
        SearchRows.Lstm cell = SearchRows.lstm(z, cPrev, rows, hidden);
        float[] logits = params.searchProduct(DecoderParams.OUT_W, cell.h(), rows);
        SearchRows.addBias(logits, rows, outBias);
        float[][] logProbs = Numerics.current().logSoftmaxRows(logits, rows, vocabulary);
        DecoderMath.ban(logProbs, banned);
        return new Output(logProbs, cell);
    }
}
