package caption.decoder;

import caption.kernel.Numerics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable arrays of the decoder, by name. The four LSTM gates share one matrix so a step is
 * one matmul: {@code [x, h] x LSTM_W + LSTM_B}, gates in the order input, forget, output, cell.
 */
public final class DecoderParams {

    public static final String EMBEDDING = "embedding";   // [V, E]
    public static final String LSTM_W = "lstm_w";         // [E + H, 4H]
    public static final String LSTM_B = "lstm_b";         // [1, 4H]
    public static final String INIT_W = "init_w";         // [F, 2H]: h0 | c0
    public static final String INIT_B = "init_b";         // [1, 2H]
    public static final String OUT_W = "out_w";           // [H, V]
    public static final String OUT_B = "out_b";           // [1, V]
    // Attention decoder only (C channels per grid position with its position channels, A attention size):
    public static final String ATT_FEATURE_W = "att_feature_w"; // [C, A]: features' projection, once per image
    public static final String ATT_FEATURE_B = "att_feature_b"; // [1, A]
    public static final String ATT_HIDDEN_W = "att_hidden_w";   // [H, A]
    public static final String ATT_V = "att_v";                 // [A, 1]: scores of positions
    public static final String GATE_W = "gate_w";               // [H, C]: beta = sigmoid(h GATE_W + GATE_B)
    public static final String GATE_B = "gate_b";               // [1, C]

    private final Map<String, INDArray> arrays;
    /** Weights laid out for a search's few rows, valid until the arrays change ({@link #changed}). */
    private final Map<String, Numerics.Weight> searchLayouts = new ConcurrentHashMap<>();
    /** Each word's part of the search's LSTM gates, by numerics, valid until the arrays change. */
    private final Map<String, WordGates> wordGates = new ConcurrentHashMap<>();

    public DecoderParams(Map<String, INDArray> arrays) {
        this.arrays = new LinkedHashMap<>(arrays);
    }

    /**
     * {@code x W} for the few rows x of a search step (rows * K floats, row by row; returns rows * N),
     * with weight W laid out for that by the process's {@link Numerics} once, until the arrays change.
     */
    public float[] searchProduct(String name, float[] x, int rows) {
        Numerics numerics = Numerics.current();
        return searchLayout(numerics, name).times(x, rows);
    }

    /**
     * A search step's LSTM gates before the bias, {@code [embedding(word) | rest] x LSTM_W} for each
     * row: the embedding's part kept per word ({@link WordGates}), so the step multiplies only the
     * rest (rows * (K - E) floats, row by row).
     */
    float[] searchGates(int[] words, float[] rest) {
        Numerics numerics = Numerics.current();
        return wordGates.computeIfAbsent(numerics.name(), key -> new WordGates(searchLayout(numerics, LSTM_W),
                get(EMBEDDING), (int) get(LSTM_W).columns())).gates(words, rest);
    }

    private Numerics.Weight searchLayout(Numerics numerics, String name) {
        return searchLayouts.computeIfAbsent(numerics.name() + ":" + name, key -> numerics.weight(get(name)));
    }

    /** Says that the arrays were changed in place (an optimiser's step): drops the search layouts. */
    public void changed() {
        searchLayouts.clear();
        wordGates.clear();
    }

    /** Fresh parameters of the config's decoder type. */
    public static DecoderParams initialise(DecoderConfig c, long seed, DataType type) {
        return c.decoderType().initialise(c, seed, type);
    }

    /**
     * The arrays every LSTM decoder has, for an LSTM reading {@code lstmInput} values per step:
     * Uniform(-0.08, 0.08) as in Sutskever et al. and im2txt, forget-gate bias 1.
     */
    static Map<String, INDArray> lstmArrays(DecoderConfig c, Random rng, DataType type, int lstmInput) {
        int v = c.vocabularySize();
        int h = c.hiddenSize();
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put(EMBEDDING, uniform(rng, type, 0.08, v, c.embeddingSize()));
        a.put(LSTM_W, uniform(rng, type, 0.08, lstmInput + h, 4 * h));
        INDArray lstmBias = Nd4j.zeros(type, 1, 4 * h);
        lstmBias.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(h, 2 * h)).assign(1.0);
        a.put(LSTM_B, lstmBias);
        a.put(INIT_W, uniform(rng, type, 0.08, c.contextSize(), 2 * h));
        a.put(INIT_B, Nd4j.zeros(type, 1, 2 * h));
        a.put(OUT_W, uniform(rng, type, 0.08, h, v));
        a.put(OUT_B, Nd4j.zeros(type, 1, v));
        return a;
    }

    static INDArray uniform(Random rng, DataType type, double limit, int rows, int cols) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (rng.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.create(data, new long[] {rows, cols}, type);
    }

    public INDArray get(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no decoder parameter " + name);
        }
        return a;
    }

    /** Fails unless parameter {@code name} is a [rows, cols] matrix, naming what the config wants. */
    public void requireShape(String name, long rows, long cols) {
        INDArray a = get(name);
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", the config wants [" + rows + ", " + cols + "]");
        }
    }

    public Map<String, INDArray> asMap() {
        return arrays;
    }

    /** An independent copy (the best epoch's weights while training goes on). */
    public DecoderParams copy() {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        arrays.forEach((name, a) -> copies.put(name, a.dup()));
        return new DecoderParams(copies);
    }
}
