package caption.decoder;

import caption.kernel.Numerics;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/** The output side both decoders share: masked cross-entropy, dropout, embedding gradients. */
final class DecoderMath {

    /** Cross-entropy summed over target words, their number, and the gradient of the mean in the logits. */
    record CrossEntropy(double sum, int words, INDArray dLogits) {
        double mean() {
            return words == 0 ? 0 : sum / words;
        }
    }

    /** The output layer's forward values: its inputs (the LSTM outputs after dropout), the dropout mask (or null) and the loss. */
    record Output(INDArray inputs, INDArray dropMask, CrossEntropy crossEntropy) {}

    private DecoderMath() {}

    /** {@code a b} as a row-major result ({@link Numerics#product}). */
    static INDArray product(INDArray a, INDArray b) {
        return Numerics.product(a, b);
    }

    /**
     * Dropout on the LSTM outputs hs [rows, H] (when rng is given), logits, and the cross-entropy
     * against each row's target word: every row predicts one (the packed rows of {@link PackedSteps}).
     * With {@code weights} (one per row, or null), each row's share of the gradient is scaled by its
     * weight: the policy gradient of {@code -sum of weight * log p(target)} over the rows' mean.
     */
    static Output output(INDArray hs, int[] targets, float[] weights, DecoderParams params, double dropout, Random rng) {
        INDArray mask = rng == null ? null : dropoutMask(rng, dropout, hs);
        INDArray inputs = mask == null ? hs : hs.mul(mask);
        INDArray logits = product(inputs, params.get(DecoderParams.OUT_W)).addiRowVector(params.get(DecoderParams.OUT_B));
        CrossEntropy ce = crossEntropy(targets, logits);
        if (weights != null) {
            ce.dLogits().muliColumnVector(Nd4j.createFromArray(weights).reshape(weights.length, 1).castTo(ce.dLogits().dataType()));
        }
        return new Output(inputs, mask, ce);
    }

    /** Puts the output layer's gradients into grads; returns the gradient in hs. */
    static INDArray outputBackward(Output out, DecoderParams params, Map<String, INDArray> grads) {
        INDArray dLogits = out.crossEntropy().dLogits();
        grads.put(DecoderParams.OUT_W, product(out.inputs().transpose(), dLogits));
        grads.put(DecoderParams.OUT_B, columnSums(dLogits));
        INDArray dHs = product(dLogits, params.get(DecoderParams.OUT_W).transpose());
        return out.dropMask() == null ? dHs : dHs.muli(out.dropMask());
    }

    /**
     * Inverted dropout: kept units are scaled by 1 / (1 - p). The mask is drawn by ND4J's native
     * generator, seeded from {@code rng} (so a training seed still fixes it): drawing 300,000
     * doubles in Java took 3.6% of a training step.
     */
    static INDArray dropoutMask(Random rng, double p, INDArray like) {
        double keep = 1 - p;
        INDArray mask = Nd4j.createUninitialized(like.dataType(), like.shape(), 'c');
        Nd4j.getRandom().setSeed(rng.nextLong());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), Nd4j.getRandom());
        return mask.muli(1 / keep);
    }

    /** The sum of each column of m as a [1, columns] row: a product with ones, which BLAS runs on every core. */
    static INDArray columnSums(INDArray m) {
        return product(Nd4j.ones(m.dataType(), 1, m.rows()), m);
    }

    /**
     * Softmax cross-entropy of logits [rows, V] against one target word per row, in place: the logits
     * become the gradient of the mean, so the [rows, 10,000] arrays of a step are neither allocated
     * nor copied again.
     */
    static CrossEntropy crossEntropy(int[] targets, INDArray logits) {
        return new CrossEntropy(Numerics.current().softmaxCrossEntropy(logits, targets), targets.length, logits);
    }

    /** The embedding's gradient: row k of {@code rowGradients} added to the row of word ids[k] (scatter-add). */
    static INDArray embeddingGradient(INDArray embedding, int[] ids, INDArray rowGradients) {
        return scatterAddRows(embedding.rows(), ids, rowGradients);
    }

    /** A [rows, width] array of zeros with row k of {@code values} added to row ids[k]. */
    static INDArray scatterAddRows(long rows, int[] ids, INDArray values) {
        return Numerics.current().scatterAddRows(rows, ids, values);
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
