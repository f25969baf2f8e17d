package caption.decoder;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel standardisation of pooled features, fitted on the training set: frozen CNN
 * activations have very different scales per channel, and tanh(W f) saturates on large ones.
 */
public record FeatureScaler(@JsonProperty("mean") float[] mean, @JsonProperty("std") float[] std) {

    private static final double MIN_STD = 1e-6;

    public FeatureScaler {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
    }

    /** A scaler fitted on rows of several {@code channels}-wide vectors each (grid rows), over all positions. */
    public static FeatureScaler fitChannels(INDArray rows, int channels) {
        return fit(rows.dup('c').reshape('c', rows.length() / channels, channels));
    }

    /**
     * Fits a scaler over rows given a chunk at a time: per-channel means and variances are
     * accumulated in double and merged chunk by chunk (Chan et al.), so no chunk needs the others.
     */
    public static final class Accumulator {
        private final int channels;
        private final double[] mean;
        private final double[] m2;
        private long count;

        public Accumulator(int channels) {
            this.channels = channels;
            this.mean = new double[channels];
            this.m2 = new double[channels];
        }

        /** Adds rows [n, k * channels]: k positions of {@code channels} each per row. */
        public void add(INDArray rows) {
            float[] values = rows.dup('c').data().asFloat();
            int n = (int) (rows.length() / channels);
            if (n == 0) {
                return;
            }
            double[] chunkMean = new double[channels];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    chunkMean[c] += values[i * channels + c];
                }
            }
            for (int c = 0; c < channels; c++) {
                chunkMean[c] /= n;
            }
            double[] chunkM2 = new double[channels];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    double d = values[i * channels + c] - chunkMean[c];
                    chunkM2[c] += d * d;
                }
            }
            long total = count + n;
            for (int c = 0; c < channels; c++) {
                double delta = chunkMean[c] - mean[c];
                mean[c] += delta * n / total;
                m2[c] += chunkM2[c] + delta * delta * count * n / total;
            }
            count = total;
        }

        /** The scaler of everything added: the mean and the sample standard deviation, as {@link #fit}. */
        public FeatureScaler scaler() {
            float[] m = new float[channels];
            float[] s = new float[channels];
            for (int c = 0; c < channels; c++) {
                m[c] = (float) mean[c];
                s[c] = (float) (Math.sqrt(count > 1 ? m2[c] / (count - 1) : 0) + MIN_STD);
            }
            return new FeatureScaler(m, s);
        }
    }

    public static FeatureScaler fit(INDArray pooled) {
        INDArray mean = pooled.mean(0);
        INDArray std = pooled.std(0).addi(MIN_STD);
        return new FeatureScaler(mean.toFloatVector(), std.toFloatVector());
    }

    /** Scales pooled vectors [n, C], or grid rows [n, L * C] position by position. */
    public INDArray apply(INDArray pooled) {
        return byChannel(pooled, (rows, m, s) -> rows.subRowVector(m).diviRowVector(s));
    }

    /**
     * The gradient in the features before scaling from {@code scaledGradient}, the one in the scaled
     * features (a decoder's, {@code LossAndGradients.featureGradient}): each channel's divided by its
     * std, pooled [n, C] or grid rows [n, L * C] alike. What the encoder's backward pass starts from.
     */
    public INDArray unscaledGradient(INDArray scaledGradient) {
        return byChannel(scaledGradient, (rows, m, s) -> rows.divRowVector(s));
    }

    private interface ChannelOp {
        /** The result for rows [k, C] from the mean and std rows [1, C]. */
        INDArray apply(INDArray rows, INDArray mean, INDArray std);
    }

    /** {@code op} on rows [n, C], or on grid rows [n, L * C] seen as [n * L, C] and back. */
    private INDArray byChannel(INDArray rows, ChannelOp op) {
        if (rows.size(1) != mean.length && rows.size(1) % mean.length == 0) {
            long n = rows.size(0);
            return byChannel(rows.dup('c').reshape('c', rows.length() / mean.length, mean.length), op)
                    .reshape('c', n, rows.size(1));
        }
        if (rows.size(1) != mean.length) {
            throw new IllegalArgumentException("features have " + rows.size(1) + " channels, the scaler "
                    + mean.length);
        }
        INDArray m = Nd4j.create(mean).reshape(1, mean.length).castTo(rows.dataType());
        INDArray s = Nd4j.create(std).reshape(1, std.length).castTo(rows.dataType());
        return op.apply(rows, m, s);
    }
}
