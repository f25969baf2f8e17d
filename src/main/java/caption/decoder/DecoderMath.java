package caption.decoder;

import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The output side both decoders share: softmax, masked cross-entropy, dropout, embedding gradients. */
final class DecoderMath {

    /** Cross-entropy summed over target words, their number, and the gradient of the mean in the logits. */
    record CrossEntropy(double sum, int words, INDArray dLogits) {
        double mean() {
            return words == 0 ? 0 : sum / words;
        }
    }

    /** The output layer's forward values: LSTM outputs after dropout, the dropout mask (or null), the loss. */
    record Output(INDArray dropped, INDArray dropMask, CrossEntropy crossEntropy) {}

    private DecoderMath() {}

    /**
     * {@code a b} as a row-major result without a copy: BLAS writes column-major, so ND4J's
     * {@code mmul} computes into a column-major array and copies it into a row-major one. Written as
     * the column-major {@code (b^T a^T)} and returned transposed, the copy and its allocation go
     * ([640, 512] x [512, 10000] on one thread: 143 ms against 91 ms; with two, 112 against 60).
     */
    static INDArray product(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {b.columns(), a.rows()}, 'f');
        b.transpose().mmuli(a.transpose(), out);
        return out.transpose();
    }

    /** Dropout on the LSTM outputs hs [steps * B, H] (when rng is given), logits, cross-entropy. */
    static Output output(Batch batch, INDArray hs, DecoderParams params, double dropout, Random rng) {
        INDArray mask = rng == null ? null : dropoutMask(rng, dropout, hs);
        INDArray dropped = mask == null ? hs : hs.mul(mask);
        INDArray logits = product(dropped, params.get(DecoderParams.OUT_W)).addiRowVector(params.get(DecoderParams.OUT_B));
        return new Output(dropped, mask, crossEntropy(batch, logits));
    }

    /** Puts the output layer's gradients into grads; returns the gradient in hs. */
    static INDArray outputBackward(Output out, DecoderParams params, Map<String, INDArray> grads) {
        INDArray dLogits = out.crossEntropy().dLogits();
        grads.put(DecoderParams.OUT_W, product(out.dropped().transpose(), dLogits));
        grads.put(DecoderParams.OUT_B, dLogits.sum(true, 0));
        INDArray dHs = product(dLogits, params.get(DecoderParams.OUT_W).transpose());
        return out.dropMask() == null ? dHs : dHs.muli(out.dropMask());
    }

    static float[][] logSoftmax(INDArray logits) {
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

    /** Row-wise softmax of a [rows, cols] matrix. */
    static INDArray softmaxRows(INDArray scores) {
        INDArray shifted = scores.subColumnVector(scores.max(true, 1));
        INDArray e = Transforms.exp(shifted, false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    /** Inverted dropout: kept units are scaled by 1 / (1 - p). */
    static INDArray dropoutMask(Random rng, double p, INDArray like) {
        double keep = 1 - p;
        double[] m = new double[(int) like.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < keep ? 1 / keep : 0;
        }
        return Nd4j.create(m, like.shape(), like.dataType());
    }

    /**
     * Softmax cross-entropy of logits [steps * B, V] (row t * B + r) against the batch's next words,
     * in ND4J's vectorised ops (a Java loop over every logit cost more than the rest of a step at a
     * 10,000-word vocabulary), in place: the logits become the gradient, so the [640, 10,000] arrays
     * of a step are neither allocated nor copied again.
     */
    static CrossEntropy crossEntropy(Batch batch, INDArray logits) {
        int b = batch.size();
        int rows = (int) logits.size(0);
        int[] targets = new int[rows];
        int words = 0;
        for (int r = 0; r < rows; r++) {
            targets[r] = batch.predicts(r % b, r / b) ? batch.tokens()[r % b][r / b + 1] : -1;
            words += targets[r] >= 0 ? 1 : 0;
        }
        INDArray shifted = logits.subiColumnVector(logits.max(true, 1));
        double targetLogits = 0;
        for (int r = 0; r < rows; r++) {
            if (targets[r] >= 0) {
                targetLogits += shifted.getDouble(r, targets[r]);
            }
        }
        INDArray p = Transforms.exp(shifted, false);
        INDArray sums = p.sum(true, 1);
        double[] sum = sums.toDoubleVector();
        double[] scale = new double[rows];
        double loss = -targetLogits;
        for (int r = 0; r < rows; r++) {
            if (targets[r] >= 0) {
                loss += Math.log(sum[r]);
                scale[r] = 1.0 / (words * sum[r]);
            }
        }
        INDArray dLogits = p.muliColumnVector(Nd4j.create(scale, new long[] {rows, 1}, logits.dataType()));
        for (int r = 0; r < rows; r++) {
            if (targets[r] >= 0) {
                dLogits.putScalar(r, targets[r], dLogits.getDouble(r, targets[r]) - 1.0 / words);
            }
        }
        return new CrossEntropy(loss, words, dLogits);
    }

    /** The embedding's gradient: row k of {@code rowGradients} added to the row of word ids[k] (scatter-add). */
    static INDArray embeddingGradient(INDArray embedding, int[] ids, INDArray rowGradients) {
        ScatterAdd scatter = new ScatterAdd(Nd4j.zeros(embedding.dataType(), embedding.shape()),
                Nd4j.createFromArray(ids), rowGradients);
        scatter.addBArgument(true); // "lock": repeated ids raced on two threads without it (measured)
        return Nd4j.exec(scatter)[0];
    }

    /** Words that must never be written get probability zero. */
    static void ban(float[][] logProbs, int[] banned) {
        for (float[] row : logProbs) {
            for (int word : banned) {
                row[word] = Float.NEGATIVE_INFINITY;
            }
        }
    }
}
