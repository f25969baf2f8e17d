package caption.decoder;

import caption.search.StepFunction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A decoder type that exists only to show that adding one touches no other class: the next word's
 * logits are {@code f IMAGE_W + BIGRAM[previous word] + BIAS}, an image-conditioned bigram model with
 * its gradient written out in plain Java. Registered for the tests in
 * {@code src/test/resources/META-INF/services/caption.decoder.DecoderType}.
 */
public final class BigramDecoderType implements DecoderType {

    public static final String NAME = "test-bigram";
    static final String IMAGE_W = "image_w";
    static final String BIGRAM = "bigram";
    static final String BIAS = "bias";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "image-conditioned bigram model (a test fixture)";
    }

    @Override
    public FeatureInput input() {
        return FeatureInput.POOLED;
    }

    @Override
    public void check(DecoderConfig config) {
        if (config.regions() != 0 || config.positionChannels() != 0) {
            throw new IllegalArgumentException("a bigram decoder reads the pooled vector only");
        }
    }

    @Override
    public DecoderConfig configure(int vocabularySize, int featureWidth, int regions, DecoderOptions options) {
        return new DecoderConfig(NAME, vocabularySize, featureWidth, options.embeddingSize(), options.hiddenSize(), 0.0);
    }

    @Override
    public DecoderParams initialise(DecoderConfig c, long seed, DataType dataType) {
        Random rng = new Random(seed);
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put(IMAGE_W, DecoderParams.uniform(rng, dataType, 0.01, c.featureSize(), c.vocabularySize()));
        a.put(BIGRAM, Nd4j.zeros(dataType, c.vocabularySize(), c.vocabularySize()));
        a.put(BIAS, Nd4j.zeros(dataType, 1, c.vocabularySize()));
        return new DecoderParams(a);
    }

    @Override
    public CaptionDecoder create(DecoderConfig config, DecoderParams params) {
        return new Bigram(config, params);
    }

    /** The decoder itself. */
    record Bigram(DecoderConfig config, DecoderParams params) implements CaptionDecoder {

        @Override
        public CaptionDecoder withParams(DecoderParams other) {
            return new Bigram(config, other);
        }

        /** Log-probabilities of the next word after {@code previous} for image features {@code f}. */
        private double[] logProbs(float[] f, int previous, float[][] w, float[][] bigram, float[] bias) {
            double[] z = new double[bias.length];
            for (int v = 0; v < z.length; v++) {
                double s = bias[v] + bigram[previous][v];
                for (int k = 0; k < f.length; k++) {
                    s += f[k] * w[k][v];
                }
                z[v] = s;
            }
            double max = Arrays.stream(z).max().orElse(0);
            double sum = Arrays.stream(z).map(x -> Math.exp(x - max)).sum();
            double log = max + Math.log(sum);
            return Arrays.stream(z).map(x -> x - log).toArray();
        }

        @Override
        public double loss(Batch batch) {
            return lossAndGradients(batch, null).loss();
        }

        @Override
        public LossAndGradients lossAndGradients(Batch batch, Random dropoutRng) {
            float[][] f = batch.features().castTo(DataType.FLOAT).toFloatMatrix();
            float[][] w = params.get(IMAGE_W).castTo(DataType.FLOAT).toFloatMatrix();
            float[][] bigram = params.get(BIGRAM).castTo(DataType.FLOAT).toFloatMatrix();
            float[] bias = params.get(BIAS).castTo(DataType.FLOAT).toFloatVector();
            double[][] dW = new double[w.length][bias.length];
            double[][] dBigram = new double[bias.length][bias.length];
            double[] dBias = new double[bias.length];
            double loss = 0;
            int words = 0;
            for (int r = 0; r < batch.size(); r++) {
                for (int t = 0; t < batch.length(r); t++) {
                    int previous = batch.tokens()[r][t];
                    int target = batch.tokens()[r][t + 1];
                    double[] lp = logProbs(f[r], previous, w, bigram, bias);
                    loss -= lp[target];
                    words++;
                    for (int v = 0; v < bias.length; v++) {
                        double d = Math.exp(lp[v]) - (v == target ? 1 : 0);
                        dBias[v] += d;
                        dBigram[previous][v] += d;
                        for (int k = 0; k < f[r].length; k++) {
                            dW[k][v] += f[r][k] * d;
                        }
                    }
                }
            }
            double scale = 1.0 / Math.max(1, words);
            Map<String, INDArray> grads = new LinkedHashMap<>();
            grads.put(IMAGE_W, scaled(dW, scale));
            grads.put(BIGRAM, scaled(dBigram, scale));
            grads.put(BIAS, scaled(new double[][] {dBias}, scale));
            return new LossAndGradients(loss * scale, words, grads);
        }

        private INDArray scaled(double[][] values, double scale) {
            return Nd4j.create(values).muli(scale).castTo(params.get(BIAS).dataType());
        }

        @Override
        public StepFunction<Integer> steps(INDArray features, int... banned) {
            float[] f = features.castTo(DataType.FLOAT).toFloatVector();
            float[][] w = params.get(IMAGE_W).castTo(DataType.FLOAT).toFloatMatrix();
            float[][] bigram = params.get(BIGRAM).castTo(DataType.FLOAT).toFloatMatrix();
            float[] bias = params.get(BIAS).castTo(DataType.FLOAT).toFloatVector();
            return new StepFunction<>() {
                @Override
                public Integer initial() {
                    return 1;
                }

                @Override
                public Result<Integer> step(Integer rows, int[] lastWords) {
                    float[][] out = new float[lastWords.length][];
                    for (int r = 0; r < lastWords.length; r++) {
                        double[] lp = logProbs(f, lastWords[r], w, bigram, bias);
                        out[r] = new float[lp.length];
                        for (int v = 0; v < lp.length; v++) {
                            out[r][v] = (float) lp[v];
                        }
                        for (int b : banned) {
                            out[r][b] = Float.NEGATIVE_INFINITY;
                        }
                    }
                    return new Result<>(out, lastWords.length);
                }

                @Override
                public Integer select(Integer rows, int[] selected) {
                    return selected.length;
                }
            };
        }
    }
}
