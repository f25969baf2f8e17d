package caption.decoder;

import caption.kernel.Numerics;
import caption.kernel.SearchAttention;
import caption.kernel.VectorMath;
import caption.search.StepFunction;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Show-Attend-and-Tell decoder seen by the search, on Java arrays ({@link SearchRows}), for one
 * or several images. Each image's attention projection and initial state are computed once, by
 * search products ({@link DecoderParams#searchProduct}): where images search together, a row's
 * product does not depend on the rows beside it, so an image's captions do not depend on its batch.
 * Each step then scores the positions of its row's image for every live sequence,
 * {@code v . tanh(P + h W_h)}, takes the gated context and runs the LSTM and the output layer, as
 * {@link AttendTellDecoder} does in training.
 */
public final class AttendTellSteps implements StepFunction<AttendTellSteps.Rows> {

    /**
     * The live sequences: the image each row reads, h, c [count, H], the last step's attention
     * [count, L] and gates [count, 4H] (null at first).
     */
    public record Rows(int count, int[] images, float[] h, float[] c, float[] alpha, float[] gates) implements LstmRows {
        public Rows {
            if (images.length != count) {
                throw new IllegalArgumentException(count + " rows, images for " + images.length);
            }
        }
    }

    private final DecoderParams params;
    private final SearchLstm lstm;
    private final int hidden;
    private final int regions;
    private final int channels;
    private final int attention;
    /** The images' grids [n, L, C] and their projections P [n, L, A] (bias included), each made once. */
    private final float[] grid;
    private final float[] projected;
    private final float[] scoreWeights;
    private final float[] gateBias;
    private final Rows initial;

    /** @param features the images' grids, each flattened position by position: [n, L * C'] */
    AttendTellSteps(AttendTellDecoder decoder, INDArray features, int... banned) {
        DecoderConfig config = decoder.config();
        this.params = decoder.params();
        this.lstm = new SearchLstm(params, config, banned);
        this.hidden = config.hiddenSize();
        this.regions = config.regions();
        this.channels = config.contextSize();
        this.attention = config.attentionSize();
        int images = (int) features.rows();
        this.grid = decoder.searchGrid(features);
        this.projected = params.searchProduct(DecoderParams.ATT_FEATURE_W, grid, images * regions);
        SearchRows.addBias(projected, images * regions, SearchRows.floats(params.get(DecoderParams.ATT_FEATURE_B)));
        this.scoreWeights = SearchRows.floats(params.get(DecoderParams.ATT_V));
        this.gateBias = SearchRows.floats(params.get(DecoderParams.GATE_B));
        float[] init = params.searchProduct(DecoderParams.INIT_W, meanPositions(images), images);
        SearchRows.addBias(init, images, SearchRows.floats(params.get(DecoderParams.INIT_B)));
        VectorMath.tanh(init, 0, init.length);
        SearchRows.Lstm start = lstm.initialState(init, images);
        this.initial = new Rows(images, IntStream.range(0, images).toArray(), start.h(), start.c(), null, null);
    }

    /** Each image's mean over its grid's positions, [images, C]. */
    private float[] meanPositions(int images) {
        float[] means = new float[images * channels];
        for (int image = 0; image < images; image++) {
            for (int l = 0; l < regions; l++) {
                int from = (image * regions + l) * channels;
                for (int ch = 0; ch < channels; ch++) {
                    means[image * channels + ch] += grid[from + ch];
                }
            }
        }
        for (int i = 0; i < means.length; i++) {
            means[i] /= regions;
        }
        return means;
    }

    @Override
    public Rows initial() {
        return initial;
    }

    @Override
    public Result<Rows> step(Rows state, int[] lastWords) {
        int rows = lastWords.length;
        float[] alpha = attentionWeights(state.images(), state.h());
        float[] gated = context(state.images(), alpha);
        float[] beta = params.searchProduct(DecoderParams.GATE_W, state.h(), rows);
        SearchRows.addBias(beta, rows, gateBias);
        VectorMath.sigmoid(beta, 0, beta.length);
        for (int i = 0; i < gated.length; i++) {
            gated[i] *= beta[i];
        }
        SearchLstm.Output out = lstm.step(lastWords, lstm.input(rows, gated, state.h()), state.c());
        return new Result<>(out.logProbs(),
                new Rows(rows, state.images(), out.cell().h(), out.cell().c(), alpha, out.cell().gates()));
    }

    /** alpha [rows, L]: the softmax over positions of {@code v . tanh(P_l + h W_h)}, P of the row's image. */
    private float[] attentionWeights(int[] images, float[] h) {
        int rows = images.length;
        float[] query = params.searchProduct(DecoderParams.ATT_HIDDEN_W, h, rows);
        float[] alpha = new float[rows * regions];
        SearchAttention.scores(projected, images, query, scoreWeights, regions, attention, alpha);
        Numerics.current().softmaxRows(alpha, rows, regions);
        return alpha;
    }

    /** The contexts [rows, C]: each row's attention-weighted sum of its image's grid positions. */
    private float[] context(int[] images, float[] alpha) {
        float[] context = new float[images.length * channels];
        SearchAttention.contexts(grid, images, alpha, regions, channels, context);
        return context;
    }

    @Override
    public Rows select(Rows state, int[] rows) {
        int[] images = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            images[i] = state.images()[rows[i]];
        }
        return new Rows(rows.length, images, SearchRows.select(state.h(), hidden, rows),
                SearchRows.select(state.c(), hidden, rows),
                state.alpha() == null ? null : SearchRows.select(state.alpha(), regions, rows), null);
    }
}
