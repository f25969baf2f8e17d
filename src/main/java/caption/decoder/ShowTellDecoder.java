package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Show-and-Tell decoder on ND4J: an LSTM whose state starts from the image, h0 = tanh(W_h f + b_h)
 * and c0 = tanh(W_c f + b_c); word embeddings in, dropout on the LSTM output, softmax over the
 * vocabulary. The backward pass is written out by hand (SameDiff's gather and lstmCell have no
 * working gradient in 1.0.0-M2.1) and checked against numerical gradients in the tests.
 */
public final class ShowTellDecoder {

    private final DecoderConfig config;
    private final DecoderParams params;

    public ShowTellDecoder(DecoderConfig config, DecoderParams params) {
        this.config = config;
        this.params = params;
        checkShape(DecoderParams.EMBEDDING, config.vocabularySize(), config.embeddingSize());
        checkShape(DecoderParams.LSTM_W, config.embeddingSize() + config.hiddenSize(), 4L * config.hiddenSize());
        checkShape(DecoderParams.INIT_W, config.featureSize(), 2L * config.hiddenSize());
        checkShape(DecoderParams.OUT_W, config.hiddenSize(), config.vocabularySize());
    }

    private void checkShape(String name, long rows, long cols) {
        INDArray a = params.get(name);
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", the config wants [" + rows + ", " + cols + "]");
        }
    }

    public DecoderConfig config() {
        return config;
    }

    /** A decoder with a copy of these weights. */
    public ShowTellDecoder copy() {
        return new ShowTellDecoder(config, params.copy());
    }

    public DecoderParams params() {
        return params;
    }

    /** LSTM state of n sequences. */
    public record State(INDArray h, INDArray c) {
        public State select(int[] rows) {
            return new State(Nd4j.pullRows(h, 1, rows), Nd4j.pullRows(c, 1, rows));
        }
    }

    /** Log-probabilities of the next word for every sequence, and the state after the step. */
    public record Step(float[][] logProbs, State state) {}

    /** Teacher-forced batch: features [B, F]; tokens [B][T + 1] from start to end, padded. */
    public record Batch(INDArray features, int[][] tokens, int padId) {
        public Batch {
            int length = tokens[0].length;
            for (int[] row : tokens) {
                if (row.length != length) {
                    throw new IllegalArgumentException("token rows of a batch must have one length");
                }
            }
            if (features.size(0) != tokens.length) {
                throw new IllegalArgumentException("one feature row per token row");
            }
        }

        int size() {
            return tokens.length;
        }

        int steps() {
            return tokens[0].length - 1;
        }
    }

    /** Mean cross-entropy per target word, the number of target words, and the gradients. */
    public record LossAndGradients(double loss, int words, Map<String, INDArray> gradients) {}

    // ---------------------------------------------------------------- inference

    public State start(INDArray features) {
        INDArray init = initialState(features);
        int h = config.hiddenSize();
        return new State(init.get(all(), interval(0, h)).dup(), init.get(all(), interval(h, 2 * h)).dup());
    }

    public Step step(State state, int[] tokens) {
        Cell cell = cell(Nd4j.pullRows(params.get(DecoderParams.EMBEDDING), 1, tokens), state.h(), state.c());
        INDArray logits = cell.h.mmul(params.get(DecoderParams.OUT_W)).addiRowVector(params.get(DecoderParams.OUT_B));
        return new Step(logSoftmax(logits), new State(cell.h, cell.c));
    }

    private INDArray initialState(INDArray features) {
        INDArray init = features.castTo(params.get(DecoderParams.INIT_W).dataType())
                .mmul(params.get(DecoderParams.INIT_W)).addiRowVector(params.get(DecoderParams.INIT_B));
        return Transforms.tanh(init, false);
    }

    /** One LSTM step with everything the backward pass needs. */
    private record Cell(INDArray xh, INDArray gates, INDArray cPrev, INDArray c, INDArray tanhC, INDArray h) {}

    private Cell cell(INDArray x, INDArray hPrev, INDArray cPrev) {
        int h = config.hiddenSize();
        INDArray xh = Nd4j.hstack(x, hPrev);
        INDArray z = xh.mmul(params.get(DecoderParams.LSTM_W)).addiRowVector(params.get(DecoderParams.LSTM_B));
        Transforms.sigmoid(z.get(all(), interval(0, 3 * h)), false);
        Transforms.tanh(z.get(all(), interval(3 * h, 4 * h)), false);
        INDArray i = gate(z, 0);
        INDArray f = gate(z, 1);
        INDArray o = gate(z, 2);
        INDArray g = gate(z, 3);
        INDArray c = f.mul(cPrev).addi(i.mul(g));
        INDArray tanhC = Transforms.tanh(c, true);
        return new Cell(xh, z, cPrev, c, tanhC, o.mul(tanhC));
    }

    private INDArray gate(INDArray z, int k) {
        int h = config.hiddenSize();
        return z.get(all(), interval(k * h, (k + 1) * h));
    }

    private static float[][] logSoftmax(INDArray logits) {
        int rows = (int) logits.size(0);
        int cols = (int) logits.size(1);
        float[] flat = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < cols; k++) {
                max = Math.max(max, flat[r * cols + k]);
            }
            double sum = 0;
            for (int k = 0; k < cols; k++) {
                sum += Math.exp(flat[r * cols + k] - max);
            }
            float logSum = (float) (max + Math.log(sum));
            for (int k = 0; k < cols; k++) {
                out[r][k] = flat[r * cols + k] - logSum;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- training

    /** Loss without dropout and without gradients (validation, gradient checks). */
    public double loss(Batch batch) {
        return forward(batch, null).loss;
    }

    public LossAndGradients lossAndGradients(Batch batch, Random dropoutRng) {
        Forward fw = forward(batch, config.dropout() > 0 ? dropoutRng : null);
        return new LossAndGradients(fw.loss, fw.words, backward(batch, fw));
    }

    private record Forward(INDArray init, List<Cell> cells, INDArray dropped, INDArray dropMask,
            INDArray dLogits, double loss, int words) {}

    private Forward forward(Batch batch, Random dropoutRng) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        INDArray embedding = params.get(DecoderParams.EMBEDDING);
        INDArray init = initialState(batch.features());
        INDArray h = init.get(all(), interval(0, hSize));
        INDArray c = init.get(all(), interval(hSize, 2 * hSize));
        List<Cell> cells = new ArrayList<>(steps);
        INDArray hs = Nd4j.create(embedding.dataType(), (long) steps * b, hSize);
        for (int t = 0; t < steps; t++) {
            Cell cell = cell(Nd4j.pullRows(embedding, 1, column(batch.tokens(), t)), h, c);
            cells.add(cell);
            hs.get(interval(t * b, (t + 1) * b), all()).assign(cell.h);
            h = cell.h;
            c = cell.c;
        }
        INDArray mask = dropoutRng == null ? null : dropoutMask(dropoutRng, hs);
        INDArray dropped = mask == null ? hs : hs.mul(mask);
        INDArray logits = dropped.mmul(params.get(DecoderParams.OUT_W)).addiRowVector(params.get(DecoderParams.OUT_B));
        return crossEntropy(batch, init, cells, dropped, mask, logits);
    }

    /** Inverted dropout: kept units are scaled by 1 / (1 - p). */
    private INDArray dropoutMask(Random rng, INDArray like) {
        double keep = 1 - config.dropout();
        double[] m = new double[(int) like.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < keep ? 1 / keep : 0;
        }
        return Nd4j.create(m, like.shape(), like.dataType());
    }

    /** Softmax cross-entropy over the target words (pads masked), and its gradient in the logits. */
    private Forward crossEntropy(Batch batch, INDArray init, List<Cell> cells, INDArray dropped, INDArray mask,
            INDArray logits) {
        int b = batch.size();
        int rows = (int) logits.size(0);
        int v = (int) logits.size(1);
        double[] z = logits.dup('c').data().asDouble();
        int words = 0;
        for (int r = 0; r < rows; r++) {
            if (batch.tokens()[r % b][r / b + 1] != batch.padId()) {
                words++;
            }
        }
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int target = batch.tokens()[r % b][r / b + 1];
            boolean counted = target != batch.padId();
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, z[r * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                z[r * v + k] = Math.exp(z[r * v + k] - max);
                sum += z[r * v + k];
            }
            for (int k = 0; k < v; k++) {
                double p = z[r * v + k] / sum;
                z[r * v + k] = counted ? p / words : 0;
            }
            if (counted) {
                loss -= Math.log(z[r * v + target] * words);
                z[r * v + target] -= 1.0 / words;
            }
        }
        INDArray dLogits = Nd4j.create(z, new long[] {rows, v}, logits.dataType());
        return new Forward(init, cells, dropped, mask, dLogits, words == 0 ? 0 : loss / words, words);
    }

    private Map<String, INDArray> backward(Batch batch, Forward fw) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        int eSize = config.embeddingSize();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put(DecoderParams.OUT_W, fw.dropped.transpose().mmul(fw.dLogits));
        grads.put(DecoderParams.OUT_B, fw.dLogits.sum(true, 0));
        INDArray dHs = fw.dLogits.mmul(params.get(DecoderParams.OUT_W).transpose());
        if (fw.dropMask != null) {
            dHs.muli(fw.dropMask);
        }
        INDArray w = params.get(DecoderParams.LSTM_W);
        INDArray embedding = params.get(DecoderParams.EMBEDDING);
        INDArray allXh = Nd4j.create(w.dataType(), (long) steps * b, eSize + hSize);
        INDArray allDz = Nd4j.create(w.dataType(), (long) steps * b, 4L * hSize);
        double[] dEmbedding = new double[(int) embedding.length()];
        INDArray dhNext = Nd4j.zeros(w.dataType(), b, hSize);
        INDArray dcNext = Nd4j.zeros(w.dataType(), b, hSize);
        for (int t = steps - 1; t >= 0; t--) {
            Cell cell = fw.cells.get(t);
            INDArray dh = dHs.get(interval(t * b, (t + 1) * b), all()).add(dhNext);
            INDArray i = gate(cell.gates, 0);
            INDArray f = gate(cell.gates, 1);
            INDArray o = gate(cell.gates, 2);
            INDArray g = gate(cell.gates, 3);
            INDArray dc = dh.mul(o).muli(cell.tanhC.mul(cell.tanhC).rsubi(1.0)).addi(dcNext);
            INDArray dz = Nd4j.hstack(
                    dc.mul(g).muli(i).muli(i.rsub(1.0)),
                    dc.mul(cell.cPrev).muli(f).muli(f.rsub(1.0)),
                    dh.mul(cell.tanhC).muli(o).muli(o.rsub(1.0)),
                    dc.mul(i).muli(g.mul(g).rsubi(1.0)));
            dcNext = dc.mul(f);
            allXh.get(interval(t * b, (t + 1) * b), all()).assign(cell.xh);
            allDz.get(interval(t * b, (t + 1) * b), all()).assign(dz);
            INDArray dxh = dz.mmul(w.transpose());
            scatterAdd(dEmbedding, eSize, column(batch.tokens(), t), dxh.get(all(), interval(0, eSize)));
            dhNext = dxh.get(all(), interval(eSize, eSize + hSize)).dup();
        }
        grads.put(DecoderParams.LSTM_W, allXh.transpose().mmul(allDz));
        grads.put(DecoderParams.LSTM_B, allDz.sum(true, 0));
        grads.put(DecoderParams.EMBEDDING, Nd4j.create(dEmbedding, embedding.shape(), embedding.dataType()));
        INDArray h0 = fw.init.get(all(), interval(0, hSize));
        INDArray c0 = fw.init.get(all(), interval(hSize, 2 * hSize));
        INDArray dInit = Nd4j.hstack(dhNext.mul(h0.mul(h0).rsubi(1.0)), dcNext.mul(c0.mul(c0).rsubi(1.0)));
        INDArray features = batch.features().castTo(w.dataType());
        grads.put(DecoderParams.INIT_W, features.transpose().mmul(dInit));
        grads.put(DecoderParams.INIT_B, dInit.sum(true, 0));
        return grads;
    }

    private static void scatterAdd(double[] target, int width, int[] rows, INDArray values) {
        double[] v = values.dup('c').data().asDouble();
        for (int r = 0; r < rows.length; r++) {
            int base = rows[r] * width;
            for (int k = 0; k < width; k++) {
                target[base + k] += v[r * width + k];
            }
        }
    }

    static int[] column(int[][] tokens, int t) {
        int[] col = new int[tokens.length];
        for (int r = 0; r < tokens.length; r++) {
            col[r] = tokens[r][t];
        }
        return col;
    }
}
