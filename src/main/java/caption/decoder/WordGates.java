package caption.decoder;

import caption.kernel.Numerics;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The LSTM weight's embedding rows times each word's embedding, {@code embedding(w) x LSTM_W[0, E)},
 * computed on the word's first use in a search and kept: a step's row then starts its gates from its
 * last word's and multiplies only the rest of its input (the context and h), a third less arithmetic
 * for an attention decoder. The kept rows are the first part of the whole product as {@link
 * Numerics.Weight#times(float[], int, int, int, float[])} continues it, so the gates are the same.
 */
final class WordGates {

    private final Numerics.Weight weight;
    private final INDArray embedding;
    private final int embeddingSize;
    private final int gates;
    private final AtomicReferenceArray<float[]> rows;

    WordGates(Numerics.Weight weight, INDArray embedding, int gates) {
        this.weight = weight;
        this.embedding = embedding;
        this.embeddingSize = (int) embedding.columns();
        this.gates = gates;
        this.rows = new AtomicReferenceArray<>((int) embedding.rows());
    }

    /** {@code [embedding(words[r]) | rest_r] x LSTM_W} for each row r; rest is rows * (K - E) floats. */
    float[] gates(int[] words, float[] rest) {
        fillMissing(words);
        float[] start = new float[words.length * gates];
        for (int r = 0; r < words.length; r++) {
            System.arraycopy(rows.get(words[r]), 0, start, r * gates, gates);
        }
        int inputs = embeddingSize + rest.length / words.length;
        return weight.times(rest, words.length, embeddingSize, inputs, start);
    }

    private void fillMissing(int[] words) {
        int[] missing = Arrays.stream(words).distinct().filter(w -> rows.get(w) == null).toArray();
        if (missing.length == 0) {
            return;
        }
        float[] products = weight.times(SearchRows.rowsOf(embedding, missing), missing.length, 0, embeddingSize, null);
        for (int i = 0; i < missing.length; i++) {
            rows.set(missing[i], Arrays.copyOfRange(products, i * gates, (i + 1) * gates));
        }
    }
}
