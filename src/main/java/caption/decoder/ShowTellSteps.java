package caption.decoder;

import caption.search.StepFunction;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Show-and-Tell decoder seen by the search, on Java arrays: each image's features start its
 * first row, and no later step reads them, so rows of any images step alike.
 */
public final class ShowTellSteps implements StepFunction<ShowTellSteps.Rows> {

    /** The LSTM state of the live sequences: h and c, [count, H] each, row by row, and the last step's gates. */
    public record Rows(int count, float[] h, float[] c, float[] gates) implements LstmRows {}

    private final SearchLstm lstm;
    private final int hidden;
    private final Rows initial;

    /** @param features the normalised features of the images, [n, F]: the initial state's n rows */
    ShowTellSteps(ShowTellDecoder decoder, INDArray features, int... banned) {
        this.lstm = new SearchLstm(decoder.params(), decoder.config(), banned);
        this.hidden = decoder.config().hiddenSize();
        int images = (int) features.rows();
        List<INDArray> starts = SearchRows.eachImage(features).stream().map(decoder::initialState).toList();
        SearchRows.Lstm start = lstm.initialState(SearchRows.joined(starts), images);
        this.initial = new Rows(images, start.h(), start.c(), null);
    }

    @Override
    public Rows initial() {
        return initial;
    }

    @Override
    public Result<Rows> step(Rows state, int[] lastWords) {
        SearchLstm.Output out = lstm.step(lastWords, state.h(), state.c());
        return new Result<>(out.logProbs(), new Rows(lastWords.length, out.cell().h(), out.cell().c(),
                out.cell().gates()));
    }

    @Override
    public Rows select(Rows state, int[] rows) {
        return new Rows(rows.length, SearchRows.select(state.h(), hidden, rows), SearchRows.select(state.c(), hidden, rows),
                null);
    }
}
