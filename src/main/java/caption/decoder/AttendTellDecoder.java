package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.AttentionKernel;
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
        if (!config.attends()) {
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
    record Memory(INDArray features, INDArray projected) {}

    Memory memory(INDArray rows) {
        long n = rows.size(0);
        INDArray v = rows.castTo(p(DecoderParams.LSTM_W).dataType()).dup('c').reshape('c', n, regions, featureChannels);
        if (config.positionChannels() > 0) {
            v = Nd4j.concat(2, v, positions(n, v.dataType()));
        }
        INDArray projected = DecoderMath.product(v.reshape('c', n * regions, channels), p(DecoderParams.ATT_FEATURE_W))
                .addiRowVector(p(DecoderParams.ATT_FEATURE_B)).reshape('c', n, regions, attention);
        return new Memory(v, projected);
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
        INDArray e = AttentionKernel.accepts(m.projected()) && AttentionKernel.accepts(q)
                ? AttentionKernel.tanhLayer(m.projected(), q)
                : Transforms.tanh(m.projected().add(q.reshape('c', n, 1, attention)), false).reshape('c', (long) n * regions, attention);
        INDArray alpha = DecoderMath.softmaxRows(e.mmul(p(DecoderParams.ATT_V)).reshape('c', n, regions));
        INDArray context = AttentionKernel.accepts(alpha) && AttentionKernel.accepts(m.features())
                ? AttentionKernel.context(alpha, m.features())
                : Nd4j.matmul(alpha.reshape('c', n, 1, regions), m.features()).reshape('c', n, channels);
        INDArray beta = Transforms.sigmoid(
                DecoderMath.product(hPrev, p(DecoderParams.GATE_W)).addiRowVector(p(DecoderParams.GATE_B)), false);
        return new Glimpse(alpha, e, context, beta, beta.mul(context));
    }

    /** [h0 | c0] from the mean of each image's grid, [n, C]. */
    INDArray initialState(INDArray meanFeatures) {
        INDArray init = meanFeatures.mmul(p(DecoderParams.INIT_W)).addiRowVector(p(DecoderParams.INIT_B));
        return Transforms.tanh(init, false);
    }

    // ---------------------------------------------------------------- inference

    @Override
    public StepFunction<AttendTellSteps.Rows> steps(INDArray features, int... banned) {
        return new AttendTellSteps(this, features, banned);
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
        return new LossAndGradients(ce.mean(), ce.words(), backward(batch, fw));
    }

    private record Forward(Memory memory, INDArray meanFeatures, INDArray init, List<INDArray> hPrevs,
            List<Glimpse> glimpses, List<LstmCell.Step> cells, DecoderMath.Output output, INDArray coverage,
            double lambda) {
        double objective() {
            double r = coverage.rsub(1.0).norm2Number().doubleValue();
            DecoderMath.CrossEntropy ce = output.crossEntropy();
            return ce.words() == 0 ? 0 : (ce.sum() + lambda * r * r) / ce.words();
        }
    }

    private Forward forward(Batch batch, Random dropoutRng) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        Memory m = memory(batch.features());
        INDArray meanFeatures = m.features().mean(1);
        INDArray init = initialState(meanFeatures);
        INDArray h = init.get(all(), interval(0, hSize));
        INDArray c = init.get(all(), interval(hSize, 2 * hSize));
        List<INDArray> hPrevs = new ArrayList<>(steps);
        List<Glimpse> glimpses = new ArrayList<>(steps);
        List<LstmCell.Step> cells = new ArrayList<>(steps);
        INDArray hs = Nd4j.create(h.dataType(), (long) steps * b, hSize);
        INDArray coverage = Nd4j.zeros(h.dataType(), b, regions);
        INDArray allWords = Nd4j.pullRows(p(DecoderParams.EMBEDDING), 1, batch.fedTokens());
        INDArray shares = LstmCell.inputShares(allWords, p(DecoderParams.LSTM_W), p(DecoderParams.LSTM_B));
        INDArray wRest = LstmCell.restRows(p(DecoderParams.LSTM_W), config.embeddingSize());
        for (int t = 0; t < steps; t++) {
            Glimpse g = attend(m, h);
            INDArrayIndex rows = interval(t * b, (t + 1) * b);
            LstmCell.Step cell = LstmCell.forwardTeacherForced(allWords.get(rows, all()), shares.get(rows, all()),
                    Nd4j.hstack(g.gated(), h), c, wRest);
            hPrevs.add(h);
            glimpses.add(g);
            cells.add(cell);
            coverage.addi(g.alpha().mulColumnVector(predicting(batch, t, h)));
            hs.get(rows, all()).assign(cell.h());
            h = cell.h();
            c = cell.c();
        }
        return new Forward(m, meanFeatures, init, hPrevs, glimpses, cells,
                DecoderMath.output(batch, hs, params, config.dropout(), dropoutRng), coverage, config.attentionLambda());
    }

    /** Column [B, 1]: 1 where step t predicts a word, 0 on padding. */
    private static INDArray predicting(Batch batch, int t, INDArray like) {
        double[] col = new double[batch.size()];
        for (int r = 0; r < col.length; r++) {
            col[r] = batch.predicts(r, t) ? 1 : 0;
        }
        return Nd4j.create(col, new long[] {col.length, 1}, like.dataType());
    }

    private Map<String, INDArray> backward(Batch batch, Forward fw) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        int eSize = config.embeddingSize();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray dHs = DecoderMath.outputBackward(fw.output, params, grads);
        INDArray w = p(DecoderParams.LSTM_W);
        INDArray embedding = p(DecoderParams.EMBEDDING);
        long rows = (long) steps * b;
        INDArray allXh = Nd4j.create(w.dataType(), rows, w.size(0));
        INDArray allDz = Nd4j.create(w.dataType(), rows, 4L * hSize);
        INDArray allHPrev = Nd4j.create(w.dataType(), rows, hSize);
        INDArray allDGate = Nd4j.create(w.dataType(), rows, channels);
        INDArray allDq = Nd4j.create(w.dataType(), rows, attention);
        INDArray dProjected = Nd4j.zeros(w.dataType(), (long) b * regions, attention);
        INDArray dV = Nd4j.zeros(w.dataType(), attention, 1);
        INDArray wRest = LstmCell.restRows(w, eSize);
        int words = Math.max(1, fw.output.crossEntropy().words());
        INDArray dCoverage = fw.coverage.rsub(1.0).muli(-2.0 * fw.lambda / words);
        INDArray vRow = p(DecoderParams.ATT_V).reshape(1, attention);
        INDArray dhNext = Nd4j.zeros(w.dataType(), b, hSize);
        INDArray dcNext = Nd4j.zeros(w.dataType(), b, hSize);
        for (int t = steps - 1; t >= 0; t--) {
            Glimpse g = fw.glimpses.get(t);
            INDArray hPrev = fw.hPrevs.get(t);
            INDArray dh = dHs.get(interval(t * b, (t + 1) * b), all()).add(dhNext);
            LstmCell.Backward back = LstmCell.backward(fw.cells.get(t), dh, dcNext, wRest);
            dcNext = back.dcPrev();
            INDArray dRest = back.dxh();
            INDArray dGated = dRest.get(all(), interval(0, channels));
            INDArray dhPrev = dRest.get(all(), interval(channels, channels + hSize)).dup();
            INDArray dGatePre = dGated.mul(g.context()).muli(g.beta()).muli(g.beta().rsub(1.0));
            dhPrev.addi(DecoderMath.product(dGatePre, p(DecoderParams.GATE_W).transpose()));
            INDArray dContext = dGated.mul(g.beta());
            INDArray dAlpha = AttentionKernel.accepts(dContext) && AttentionKernel.accepts(fw.memory.features())
                    ? AttentionKernel.positionDots(fw.memory.features(), dContext)
                    : Nd4j.matmul(fw.memory.features(), dContext.reshape('c', b, channels, 1)).reshape('c', b, regions);
            dAlpha.addi(dCoverage.mulColumnVector(predicting(batch, t, dAlpha)));
            INDArray dScores = dAlpha.subColumnVector(g.alpha().mul(dAlpha).sum(true, 1)).muli(g.alpha())
                    .reshape('c', (long) b * regions, 1);
            dV.addi(g.e().transpose().mmul(dScores));
            INDArray dq;
            if (AttentionKernel.accepts(g.e()) && AttentionKernel.accepts(dScores) && AttentionKernel.accepts(dProjected)
                    && AttentionKernel.accepts(vRow)) {
                dq = AttentionKernel.scoreBackward(g.e(), dScores, vRow, dProjected, b);
            } else {
                // the outer product dScores v^T as two broadcasts: a K = 1 matmul is slow in OpenBLAS
                INDArray dPre = g.e().mul(g.e()).rsubi(1.0).muliColumnVector(dScores).muliRowVector(vRow);
                dProjected.addi(dPre);
                // a batched product with ones: ND4J's sum over the middle axis of [B, L, A] is far slower
                INDArray ones = Nd4j.ones(w.dataType(), b, 1, regions);
                dq = Nd4j.matmul(ones, dPre.reshape('c', b, regions, attention)).reshape('c', b, attention);
            }
            dhPrev.addi(DecoderMath.product(dq, p(DecoderParams.ATT_HIDDEN_W).transpose()));
            allXh.get(interval(t * b, (t + 1) * b), all()).assign(fw.cells.get(t).xh());
            allDz.get(interval(t * b, (t + 1) * b), all()).assign(back.dz());
            allHPrev.get(interval(t * b, (t + 1) * b), all()).assign(hPrev);
            allDGate.get(interval(t * b, (t + 1) * b), all()).assign(dGatePre);
            allDq.get(interval(t * b, (t + 1) * b), all()).assign(dq);
            dhNext = dhPrev;
        }
        grads.put(DecoderParams.LSTM_W, DecoderMath.product(allXh.transpose(), allDz));
        grads.put(DecoderParams.LSTM_B, DecoderMath.columnSums(allDz));
        INDArray allDEmbedded = DecoderMath.product(allDz, LstmCell.inputRows(w, eSize).transpose());
        grads.put(DecoderParams.EMBEDDING,
                DecoderMath.embeddingGradient(embedding, batch.fedTokens(), allDEmbedded));
        ShowTellDecoder.initGradients(grads, fw.init, dhNext, dcNext, fw.meanFeatures);
        grads.put(DecoderParams.ATT_FEATURE_W, DecoderMath.product(
                fw.memory.features().reshape('c', (long) b * regions, channels).transpose(), dProjected));
        grads.put(DecoderParams.ATT_FEATURE_B, DecoderMath.columnSums(dProjected));
        grads.put(DecoderParams.ATT_HIDDEN_W, DecoderMath.product(allHPrev.transpose(), allDq));
        grads.put(DecoderParams.ATT_V, dV);
        grads.put(DecoderParams.GATE_W, DecoderMath.product(allHPrev.transpose(), allDGate));
        grads.put(DecoderParams.GATE_B, DecoderMath.columnSums(allDGate));
        return grads;
    }
}
