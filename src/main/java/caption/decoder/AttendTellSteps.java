package caption.decoder;

import caption.kernel.Numerics;
import caption.kernel.VectorMath;
import caption.search.StepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Show-Attend-and-Tell decoder seen by the search, on Java arrays ({@link SearchRows}). The
 * image's grid and its attention projection are computed once (by ND4J); each step then scores the
 * positions for every live sequence, {@code v . tanh(P + h W_h)}, takes the gated context and runs
 * the LSTM and the output layer, as {@link AttendTellDecoder} does in training.
 */
public final class AttendTellSteps implements StepFunction<AttendTellSteps.Rows> {

    /** The live sequences: h, c [count, H], the last step's attention [count, L] and gates [count, 4H] (null at first). */
    public record Rows(int count, float[] h, float[] c, float[] alpha, float[] gates) implements LstmRows {}

    private final DecoderParams params;
    private final SearchLstm lstm;
    private final int hidden;
    private final int regions;
    private final int channels;
    private final int attention;
    /** The image's grid [L, C] and its projection P [L, A] (bias included). */
    private final float[] grid;
    private final float[] projected;
    private final float[] scoreWeights;
    private final float[] gateBias;
    private final Rows initial;

    /** @param features one image's grid, flattened position by position: [1, L * C'] */
    AttendTellSteps(AttendTellDecoder decoder, INDArray features, int... banned) {
        DecoderConfig config = decoder.config();
        this.params = decoder.params();
        this.lstm = new SearchLstm(params, config, banned);
        this.hidden = config.hiddenSize();
        this.regions = config.regions();
        this.channels = config.contextSize();
        this.attention = config.attentionSize();
        AttendTellDecoder.Memory memory = decoder.memory(features);
        this.grid = SearchRows.floats(memory.features());
        this.projected = SearchRows.floats(memory.projected());
        this.scoreWeights = SearchRows.floats(params.get(DecoderParams.ATT_V));
        this.gateBias = SearchRows.floats(params.get(DecoderParams.GATE_B));
        SearchRows.Lstm start = lstm.initialState(decoder.initialState(memory.features().mean(1)));
        this.initial = new Rows(1, start.h(), start.c(), null, null);
    }

    @Override
    public Rows initial() {
        return initial;
    }

    @Override
    public Result<Rows> step(Rows state, int[] lastWords) {
        int rows = lastWords.length;
        float[] alpha = attentionWeights(state.h(), rows);
        float[] gated = context(alpha, rows);
        float[] beta = params.searchProduct(DecoderParams.GATE_W, state.h(), rows);
        SearchRows.addBias(beta, rows, gateBias);
        VectorMath.sigmoid(beta, 0, beta.length);
        for (int i = 0; i < gated.length; i++) {
            gated[i] *= beta[i];
        }
        SearchLstm.Output out = lstm.step(lstm.input(lastWords, gated, state.h()), state.c(), rows);
        return new Result<>(out.logProbs(), new Rows(rows, out.cell().h(), out.cell().c(), alpha, out.cell().gates()));
    }

    /** alpha [rows, L]: the softmax over positions of {@code v . tanh(P_l + h W_h)}. */
    private float[] attentionWeights(float[] h, int rows) {
        float[] query = params.searchProduct(DecoderParams.ATT_HIDDEN_W, h, rows);
        float[] alpha = new float[rows * regions];
        float[] layer = new float[attention];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < regions; l++) {
                for (int i = 0; i < attention; i++) {
                    layer[i] = projected[l * attention + i] + query[r * attention + i];
                }
                VectorMath.tanh(layer, 0, attention);
                alpha[r * regions + l] = VectorMath.dot(layer, 0, scoreWeights, 0, attention);
            }
        }
        Numerics.current().softmaxRows(alpha, rows, regions);
        return alpha;
    }

    /** The contexts [rows, C]: each row's attention-weighted sum of the grid's positions. */
    private float[] context(float[] alpha, int rows) {
        float[] context = new float[rows * channels];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < regions; l++) {
                float a = alpha[r * regions + l];
                for (int i = 0; i < channels; i++) {
                    context[r * channels + i] += a * grid[l * channels + i];
                }
            }
        }
        return context;
    }

    @Override
    public Rows select(Rows state, int[] rows) {
        return new Rows(rows.length, SearchRows.select(state.h(), hidden, rows), SearchRows.select(state.c(), hidden, rows),
                state.alpha() == null ? null : SearchRows.select(state.alpha(), regions, rows), null);
    }
}
