package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.Numerics;
import caption.search.StepFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Show, Attend and Tell decoder: additive (Bahdanau) attention over the L grid positions of an
 * image. Each step scores the positions by {@code v . tanh(P + h W_h)}, where the features'
 * projection P is computed once per image, takes the softmax-weighted context, gates it by
 * {@code beta = sigmoid(h W_g + b_g)}, and feeds [word embedding, gated context] to the LSTM. The
 * state starts from the grid's mean. Training adds the doubly stochastic regulariser
 * {@code lambda * sum over positions of (1 - sum over steps of alpha)^2} per caption. The backward
 * pass is hand-written like {@link ShowTellDecoder}'s and checked against numerical gradients.
 */
public final class AttendTellDecoder implements CaptionDecoder {

    private final DecoderConfig config;
    private final DecoderParams params;
    private final int regions;
    /** Channels of a grid position as the encoder gives them. */
    private final int featureChannels;
    /** Channels of a position as the decoder reads them: the features and the position's (x, y), if used. */
    private final int channels;
    private final int attention;

    public AttendTellDecoder(DecoderConfig config, DecoderParams params) {
        if (!config.type().equals(AttendTellType.NAME)) {
            throw new IllegalArgumentException("a " + config.type() + " config is not an attention decoder");
        }
        this.config = config;
        this.params = params;
        this.regions = config.regions();
        this.featureChannels = config.featureSize();
        this.channels = config.contextSize();
        this.attention = config.attentionSize();
        int e = config.embeddingSize();
        int h = config.hiddenSize();
        params.requireShape(DecoderParams.EMBEDDING, config.vocabularySize(), e);
        params.requireShape(DecoderParams.LSTM_W, e + channels + h, 4L * h);
        params.requireShape(DecoderParams.INIT_W, channels, 2L * h);
        params.requireShape(DecoderParams.OUT_W, h, config.vocabularySize());
        params.requireShape(DecoderParams.ATT_FEATURE_W, channels, attention);
        params.requireShape(DecoderParams.ATT_HIDDEN_W, h, attention);
        params.requireShape(DecoderParams.ATT_V, attention, 1);
        params.requireShape(DecoderParams.GATE_W, h, channels);
    }

    @Override
    public DecoderConfig config() {
        return config;
    }

    @Override
    public DecoderParams params() {
        return params;
    }

    @Override
    public AttendTellDecoder withParams(DecoderParams other) {
        return new AttendTellDecoder(config, other);
    }

    private INDArray p(String name) {
        return params.get(name);
    }

    /** Images' features [n, L, C] and their attention projection [n, L, A]. */
    record Memory(INDArray features, INDArray projected) {
        /** The first n images' (a view). */
        Memory first(int n) {
            return n == features.size(0) ? this
                    : new Memory(features.get(interval(0, n), all(), all()), projected.get(interval(0, n), all(), all()));
        }
    }

    Memory memory(INDArray rows) {
        long n = rows.size(0);
        INDArray v = grid(rows);
        INDArray projected = DecoderMath.product(v.reshape('c', n * regions, channels), p(DecoderParams.ATT_FEATURE_W))
                .addiRowVector(p(DecoderParams.ATT_FEATURE_B)).reshape('c', n, regions, attention);
        return new Memory(v, projected);
    }

    /** The images' grids [n, L, C] from their feature rows, position channels appended. */
    INDArray grid(INDArray rows) {
        long n = rows.size(0);
        INDArray v = rows.castTo(p(DecoderParams.LSTM_W).dataType()).dup('c').reshape('c', n, regions, featureChannels);
        return config.positionChannels() > 0 ? Nd4j.concat(2, v, positions(n, v.dataType())) : v;
    }

    /** {@link #grid} as host floats for a search, read in one copy where it needs no change. */
    float[] searchGrid(INDArray rows) {
        boolean asGiven = config.positionChannels() == 0 && rows.dataType() == p(DecoderParams.LSTM_W).dataType();
        return SearchRows.floats(asGiven ? rows : grid(rows));
    }

    /** Each position's (x, y) on the square grid, in [-1, 1], for n images: [n, L, 2]. */
    private INDArray positions(long n, org.nd4j.linalg.api.buffer.DataType type) {
        int side = DecoderConfig.gridSide(regions);
        double[] xy = new double[(int) n * regions * 2];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < regions; l++) {
                int at = (i * regions + l) * 2;
                xy[at] = side == 1 ? 0 : 2.0 * (l % side) / (side - 1) - 1;
                xy[at + 1] = side == 1 ? 0 : 2.0 * (l / side) / (side - 1) - 1;
            }
        }
        return Nd4j.create(xy, new long[] {n, regions, 2}, type);
    }

    /** One step's attention: weights [n, L], tanh layer [n * L, A], context and gate [n, C]. */
    private record Glimpse(INDArray alpha, INDArray e, INDArray context, INDArray beta, INDArray gated) {}

    private Glimpse attend(Memory m, INDArray hPrev) {
        int n = (int) hPrev.size(0);
        INDArray q = DecoderMath.product(hPrev, p(DecoderParams.ATT_HIDDEN_W));
        Numerics numerics = Numerics.current();
        INDArray e = numerics.attentionLayer(m.projected(), q);
        INDArray alpha = numerics.softmaxRows(e.mmul(p(DecoderParams.ATT_V)).reshape('c', n, regions));
        INDArray context = numerics.attentionContext(alpha, m.features());
        INDArray beta = Transforms.sigmoid(
                DecoderMath.product(hPrev, p(DecoderParams.GATE_W)).addiRowVector(p(DecoderParams.GATE_B)), false);
        return new Glimpse(alpha, e, context, beta, beta.mul(context));
    }

    /** [h0 | c0] from the mean of each image's grid, [n, C]. */
    INDArray initialState(INDArray meanFeatures) {
        INDArray init = DecoderMath.product(meanFeatures, p(DecoderParams.INIT_W)).addiRowVector(p(DecoderParams.INIT_B));
        return Transforms.tanh(init, false);
    }

    // ---------------------------------------------------------------- inference

    @Override
    public StepFunction<AttendTellSteps.Rows> steps(INDArray features, int... banned) {
        return new AttendTellSteps(this, features, banned);
    }

    @Override
    public StepFunction<AttendTellSteps.Rows> batchSteps(INDArray features, int... banned) {
        return SearchRows.imagesTogether(params) ? new AttendTellSteps(this, features, banned) : null;
    }

    @Override
    public float[][] attention(INDArray features, int startId, int[] words) {
        AttendTellSteps steps = new AttendTellSteps(this, features);
        AttendTellSteps.Rows state = steps.initial();
        float[][] weights = new float[words.length + 1][];
        int last = startId;
        for (int t = 0; t <= words.length; t++) {
            state = steps.step(state, new int[] {last}).state();
            weights[t] = state.alpha();
            last = t < words.length ? words[t] : last;
        }
        return weights;
    }

    /**
     * The images' replays as rows of one set, as their search steps them ({@link #batchSteps}): a
     * step for every image still writing, where one image at a time read all the step weights for
     * one row. A row's weights are those of its image's own replay.
     */
    @Override
    public List<float[][]> attentionEach(INDArray features, int startId, List<int[]> words) {
        if (!SearchRows.imagesTogether(params) || features.rows() != words.size()) {
            return CaptionDecoder.super.attentionEach(features, startId, words);
        }
        List<float[][]> weights = new ArrayList<>();
        words.forEach(w -> weights.add(new float[w.length + 1][]));
        AttendTellSteps steps = new AttendTellSteps(this, features);
        AttendTellSteps.Rows state = steps.initial();
        int[] live = java.util.stream.IntStream.range(0, words.size()).toArray();
        for (int t = 0; live.length > 0; t++) {
            int[] last = new int[live.length];
            for (int k = 0; k < live.length; k++) {
                last[k] = t == 0 ? startId : words.get(live[k])[t - 1];
            }
            state = steps.step(state, last).state();
            int[] kept = new int[live.length];
            int keptCount = 0;
            for (int k = 0; k < live.length; k++) {
                weights.get(live[k])[t] = java.util.Arrays.copyOfRange(state.alpha(), k * regions, (k + 1) * regions);
                if (t < words.get(live[k]).length) {
                    kept[keptCount++] = k;
                }
            }
            kept = java.util.Arrays.copyOf(kept, keptCount);
            int[] next = new int[keptCount];
            for (int k = 0; k < keptCount; k++) {
                next[k] = live[kept[k]];
            }
            if (keptCount > 0 && keptCount < live.length) {
                state = steps.select(state, kept);
            }
            live = next;
        }
        return weights;
    }

    // ---------------------------------------------------------------- training

    @Override
    public double loss(Batch batch) {
        return forward(batch, null).output.crossEntropy().mean();
    }

    /** Cross-entropy plus the regulariser, per target word: what the gradients are of. */
    double objective(Batch batch) {
        Forward fw = forward(batch, null);
        return fw.objective();
    }

    @Override
    public LossAndGradients lossAndGradients(Batch batch, Random dropoutRng) {
        Forward fw = forward(batch, config.dropout() > 0 ? dropoutRng : null);
        DecoderMath.CrossEntropy ce = fw.output.crossEntropy();
        return new LossAndGradients(ce.mean(), ce.words(), backward(fw, null).params());
    }

    /**
     * The grid reaches the objective three ways, all in the gradient: its mean starts the state, its
     * projection scores the positions at every step, and the weighted positions are the context.
     */
    @Override
    public LossAndGradients lossAndFeatureGradients(Batch batch, Random dropoutRng) {
        Forward fw = forward(batch, config.dropout() > 0 ? dropoutRng : null);
        DecoderMath.CrossEntropy ce = fw.output.crossEntropy();
        Backward back = backward(fw, Nd4j.zeros(fw.memory.features().dataType(), fw.memory.features().shape()));
        INDArray dRows = featureRowsGradient(fw, back);
        return new LossAndGradients(ce.mean(), ce.words(), back.params(),
                fw.packed.inGivenOrder(dRows).castTo(batch.features().dataType()));
    }

    /** The forward pass; each packed row's LSTM input is its word's row of allWords and its row of allRest. */
    private record Forward(PackedSteps packed, Memory memory, INDArray meanFeatures, INDArray init, INDArray allWords,
            INDArray allRest, List<INDArray> hPrevs,
            List<Glimpse> glimpses, List<LstmCell.Step> cells, DecoderMath.Output output, INDArray coverage,
            double lambda) {
        double objective() {
            double r = coverage.rsub(1.0).norm2Number().doubleValue();
            DecoderMath.CrossEntropy ce = output.crossEntropy();
            return ce.words() == 0 ? 0 : (ce.sum() + lambda * r * r) / ce.words();
        }
    }

    private Forward forward(Batch unsorted, Random dropoutRng) {
        PackedSteps packed = PackedSteps.of(unsorted);
        int hSize = config.hiddenSize();
        Memory m = memory(packed.batch().features());
        INDArray meanFeatures = m.features().mean(1);
        INDArray init = initialState(meanFeatures);
        INDArray h = init.get(all(), interval(0, hSize)).dup();
        INDArray c = init.get(all(), interval(hSize, 2 * hSize)).dup();
        List<INDArray> hPrevs = new ArrayList<>(packed.steps());
        List<Glimpse> glimpses = new ArrayList<>(packed.steps());
        List<LstmCell.Step> cells = new ArrayList<>(packed.steps());
        INDArray hs = Nd4j.create(h.dataType(), packed.rows(), hSize);
        INDArray coverage = Nd4j.zeros(h.dataType(), packed.batch().size(), regions);
        INDArray allWords = Nd4j.pullRows(p(DecoderParams.EMBEDDING), 1, packed.fedTokens());
        INDArray allRest = Nd4j.create(h.dataType(), packed.rows(), channels + hSize);
        INDArray shares = LstmCell.inputShares(allWords, p(DecoderParams.LSTM_W), p(DecoderParams.LSTM_B));
        Numerics.Weight wRest = Numerics.current().weight(LstmCell.restRows(p(DecoderParams.LSTM_W), config.embeddingSize()));
        for (int t = 0; t < packed.steps(); t++) {
            int n = packed.active(t);
            INDArrayIndex rows = packed.rowsOf(t);
            h = PackedSteps.firstRows(h, n);
            Glimpse g = attend(m.first(n), h);
            INDArray rest = allRest.get(rows, all());
            rest.get(all(), interval(0, channels)).assign(g.gated());
            rest.get(all(), interval(channels, channels + hSize)).assign(h);
            LstmCell.Step cell = LstmCell.forwardTeacherForced(shares.get(rows, all()), rest, PackedSteps.firstRows(c, n), wRest);
            hPrevs.add(h);
            glimpses.add(g);
            cells.add(cell);
            PackedSteps.firstRows(coverage, n).addi(g.alpha());
            hs.get(rows, all()).assign(cell.h());
            h = cell.h();
            c = cell.c();
        }
        return new Forward(packed, m, meanFeatures, init, allWords, allRest, hPrevs, glimpses, cells,
                DecoderMath.output(hs, packed.targets(), packed.targetWeights(), params, config.dropout(), dropoutRng), coverage,
                config.attentionLambda());
    }

    /**
     * The parameters' gradients; and when asked for, the grid's (sorted batch, [B, L, C]) through
     * the context alone, the gradients in the projection [B * L, A] and in the initial state's
     * pre-activation [B, 2H] from which its other two uses' follow.
     */
    private record Backward(Map<String, INDArray> params, INDArray dGridByContext, INDArray dProjected,
            INDArray dInit) {}

    /** @param dGridByContext zeros [B, L, C] to add the grid's gradient through the context to, or null */
    private Backward backward(Forward fw, INDArray dGridByContext) {
        PackedSteps packed = fw.packed;
        int b = packed.batch().size();
        int hSize = config.hiddenSize();
        int eSize = config.embeddingSize();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray dHs = DecoderMath.outputBackward(fw.output, params, grads);
        INDArray w = p(DecoderParams.LSTM_W);
        INDArray embedding = p(DecoderParams.EMBEDDING);
        long rows = packed.rows();
        INDArray allDz = Nd4j.create(w.dataType(), rows, 4L * hSize);
        INDArray allHPrev = Nd4j.create(w.dataType(), rows, hSize);
        INDArray allDGate = Nd4j.create(w.dataType(), rows, channels);
        INDArray allDq = Nd4j.create(w.dataType(), rows, attention);
        INDArray dProjected = Nd4j.zeros(w.dataType(), (long) b * regions, attention);
        INDArray dV = Nd4j.zeros(w.dataType(), attention, 1);
        Numerics numerics = Numerics.current();
        Numerics.Weight wRest = numerics.weight(LstmCell.restRows(w, eSize));
        int words = Math.max(1, fw.output.crossEntropy().words());
        INDArray dCoverage = fw.coverage.rsub(1.0).muli(-2.0 * fw.lambda / words);
        INDArray vRow = p(DecoderParams.ATT_V).reshape(1, attention);
        int last = packed.steps() - 1;
        INDArray dhNext = Nd4j.zeros(w.dataType(), packed.active(last), hSize);
        INDArray dcNext = Nd4j.zeros(w.dataType(), packed.active(last), hSize);
        for (int t = last; t >= 0; t--) {
            int n = packed.active(t);
            INDArrayIndex stepRows = packed.rowsOf(t);
            Memory m = fw.memory.first(n);
            Glimpse g = fw.glimpses.get(t);
            INDArray hPrev = fw.hPrevs.get(t);
            LstmCell.Backward back = LstmCell.backwardPacked(fw.cells.get(t), dHs.get(stepRows, all()), dhNext, dcNext,
                    wRest);
            dcNext = back.dcPrev();
            INDArray dRest = back.dxh();
            INDArray dGated = dRest.get(all(), interval(0, channels));
            INDArray dhPrev = dRest.get(all(), interval(channels, channels + hSize)).dup();
            INDArray dGatePre = dGated.mul(g.context()).muli(g.beta()).muli(g.beta().rsub(1.0));
            dhPrev.addi(DecoderMath.product(dGatePre, p(DecoderParams.GATE_W).transpose()));
            INDArray dContext = dGated.mul(g.beta());
            if (dGridByContext != null) {
                numerics.attentionContextBackward(g.alpha(), dContext, firstImages(dGridByContext, n));
            }
            INDArray dAlpha = numerics.attentionPositionDots(m.features(), dContext);
            dAlpha.addi(PackedSteps.firstRows(dCoverage, n));
            INDArray dScores = dAlpha.subColumnVector(g.alpha().mul(dAlpha).sum(true, 1)).muli(g.alpha())
                    .reshape('c', (long) n * regions, 1);
            dV.addi(g.e().transpose().mmul(dScores));
            INDArray dProjectedOfStep = PackedSteps.firstRows(dProjected, n * regions);
            INDArray dq = numerics.attentionLayerBackward(g.e(), dScores, vRow, dProjectedOfStep, n);
            dhPrev.addi(DecoderMath.product(dq, p(DecoderParams.ATT_HIDDEN_W).transpose()));
            allDz.get(stepRows, all()).assign(back.dz());
            allHPrev.get(stepRows, all()).assign(hPrev);
            allDGate.get(stepRows, all()).assign(dGatePre);
            allDq.get(stepRows, all()).assign(dq);
            dhNext = dhPrev;
        }
        dhNext = PackedSteps.padRows(dhNext, b);
        dcNext = PackedSteps.padRows(dcNext, b);
        INDArray allXh = Nd4j.hstack(fw.allWords, fw.allRest);
        grads.put(DecoderParams.LSTM_W, DecoderMath.product(allXh.transpose(), allDz));
        grads.put(DecoderParams.LSTM_B, DecoderMath.columnSums(allDz));
        INDArray allDEmbedded = DecoderMath.product(allDz, LstmCell.inputRows(w, eSize).transpose());
        grads.put(DecoderParams.EMBEDDING,
                DecoderMath.embeddingGradient(embedding, packed.fedTokens(), allDEmbedded));
        INDArray dInit = ShowTellDecoder.initGradients(grads, fw.init, dhNext, dcNext, fw.meanFeatures);
        grads.put(DecoderParams.ATT_FEATURE_W, DecoderMath.product(
                fw.memory.features().reshape('c', (long) b * regions, channels).transpose(), dProjected));
        grads.put(DecoderParams.ATT_FEATURE_B, DecoderMath.columnSums(dProjected));
        grads.put(DecoderParams.ATT_HIDDEN_W, DecoderMath.product(allHPrev.transpose(), allDq));
        grads.put(DecoderParams.ATT_V, dV);
        grads.put(DecoderParams.GATE_W, DecoderMath.product(allHPrev.transpose(), allDGate));
        grads.put(DecoderParams.GATE_B, DecoderMath.columnSums(allDGate));
        return new Backward(grads, dGridByContext, dProjected, dInit);
    }

    /** The first n images' rows of [B, L, C] (a view). */
    private static INDArray firstImages(INDArray grid, int n) {
        return n == grid.size(0) ? grid : grid.get(interval(0, n), all(), all());
    }

    /**
     * The gradient in the sorted batch's feature rows [B, L * C']: the context's, plus the
     * projection's {@code dP W_f^T}, plus the mean's {@code dInit W_init^T / L} at every position;
     * the position channels, which are not features, dropped.
     */
    private INDArray featureRowsGradient(Forward fw, Backward back) {
        long b = fw.memory.features().size(0);
        INDArray dGrid = back.dGridByContext().reshape('c', b * regions, channels);
        dGrid.addi(DecoderMath.product(back.dProjected(), p(DecoderParams.ATT_FEATURE_W).transpose()));
        INDArray dMean = DecoderMath.product(back.dInit(), p(DecoderParams.INIT_W).transpose()).divi(regions);
        INDArray dRows = dGrid.reshape('c', b, (long) regions * channels).addi(Nd4j.tile(dMean, 1, regions));
        if (channels == featureChannels) {
            return dRows;
        }
        return dRows.reshape('c', b, regions, channels).get(all(), all(), interval(0, featureChannels)).dup('c')
                .reshape('c', b, (long) regions * featureChannels);
    }
}
