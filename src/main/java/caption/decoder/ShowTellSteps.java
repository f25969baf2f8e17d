package caption.decoder;

import caption.search.StepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Show-and-Tell decoder seen by the search, on Java arrays ({@link SearchRows}): one image's
 * features start the state. Words that must never be written (the vocabulary's {@code <unk>}, as
 * im2txt and neuraltalk2 do) get probability zero.
 */
public final class ShowTellSteps implements StepFunction<ShowTellSteps.Rows> {

    /** The LSTM state of the live sequences: h and c, [count, H] each, row by row. */
    public record Rows(int count, float[] h, float[] c) {}

    private final DecoderParams params;
    private final INDArray embedding;
    private final int hidden;
    private final int embeddingSize;
    private final int vocabulary;
    private final float[] lstmBias;
    private final float[] outBias;
    private final Rows initial;
    private final int[] banned;

    /** @param features the normalised features of one image, [1, F] */
    ShowTellSteps(ShowTellDecoder decoder, INDArray features, int... banned) {
        DecoderConfig config = decoder.config();
        this.params = decoder.params();
        this.embedding = params.get(DecoderParams.EMBEDDING);
        this.hidden = config.hiddenSize();
        this.embeddingSize = config.embeddingSize();
        this.vocabulary = config.vocabularySize();
        this.lstmBias = SearchRows.floats(params.get(DecoderParams.LSTM_B));
        this.outBias = SearchRows.floats(params.get(DecoderParams.OUT_B));
        float[] init = SearchRows.floats(decoder.initialState(features));
        this.initial = new Rows(1, java.util.Arrays.copyOfRange(init, 0, hidden),
                java.util.Arrays.copyOfRange(init, hidden, 2 * hidden));
        this.banned = banned.clone();
    }

    @Override
    public Rows initial() {
        return initial;
    }

    @Override
    public Result<Rows> step(Rows state, int[] lastWords) {
        int rows = lastWords.length;
        int width = embeddingSize + hidden;
        float[] words = SearchRows.rowsOf(embedding, lastWords);
        float[] xh = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(words, r * embeddingSize, xh, r * width, embeddingSize);
            System.arraycopy(state.h(), r * hidden, xh, r * width + embeddingSize, hidden);
        }
        float[] z = params.searchProduct(DecoderParams.LSTM_W, xh, rows);
        SearchRows.addBias(z, rows, lstmBias);
        SearchRows.Lstm cell = SearchRows.lstm(z, state.c(), rows, hidden);
        float[] logits = params.searchProduct(DecoderParams.OUT_W, cell.h(), rows);
        SearchRows.addBias(logits, rows, outBias);
        float[][] logProbs = SearchRows.logSoftmax(logits, rows, vocabulary);
        DecoderMath.ban(logProbs, banned);
        return new Result<>(logProbs, new Rows(rows, cell.h(), cell.c()));
    }

    @Override
    public Rows select(Rows state, int[] rows) {
        return new Rows(rows.length, SearchRows.select(state.h(), hidden, rows), SearchRows.select(state.c(), hidden, rows));
    }
}
