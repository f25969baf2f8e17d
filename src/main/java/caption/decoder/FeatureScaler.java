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

    public static FeatureScaler fit(INDArray pooled) {
        INDArray mean = pooled.mean(0);
        INDArray std = pooled.std(0).addi(MIN_STD);
        return new FeatureScaler(mean.toFloatVector(), std.toFloatVector());
    }

    /** Scales pooled vectors [n, C], or grid rows [n, L * C] position by position. */
    public INDArray apply(INDArray pooled) {
        if (pooled.size(1) != mean.length && pooled.size(1) % mean.length == 0) {
            long n = pooled.size(0);
            return apply(pooled.dup('c').reshape('c', pooled.length() / mean.length, mean.length))
                    .reshape('c', n, pooled.size(1));
        }
        if (pooled.size(1) != mean.length) {
            throw new IllegalArgumentException("features have " + pooled.size(1) + " channels, the scaler "
                    + mean.length);
        }
        INDArray m = Nd4j.create(mean).reshape(1, mean.length).castTo(pooled.dataType());
        INDArray s = Nd4j.create(std).reshape(1, std.length).castTo(pooled.dataType());
        return pooled.subRowVector(m).diviRowVector(s);
    }
}
