package caption.train;

import caption.decoder.FeatureScaler;
import caption.encoder.FeatureRows;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Feature rows standardised by a scaler as they are read, a batch at a time. */
public final class ScaledRows implements FeatureRows {

    /** Floats read per chunk while fitting a scaler. */
    private static final int CHUNK_FLOATS = 1 << 22;

    private final FeatureRows raw;
    private final FeatureScaler scaler;

    public ScaledRows(FeatureRows raw, FeatureScaler scaler) {
        this.raw = raw;
        this.scaler = scaler;
    }

    /** A per-channel scaler fitted over all rows and positions, reading a chunk of rows at a time. */
    public static FeatureScaler fit(FeatureRows raw) {
        FeatureScaler.Accumulator accumulator = new FeatureScaler.Accumulator(raw.width() / raw.regions());
        int chunk = Math.max(1, CHUNK_FLOATS / raw.width());
        for (int from = 0; from < raw.count(); from += chunk) {
            accumulator.add(raw.range(from, Math.min(raw.count(), from + chunk)));
        }
        return accumulator.scaler();
    }

    @Override
    public int count() {
        return raw.count();
    }

    @Override
    public int width() {
        return raw.width();
    }

    @Override
    public int regions() {
        return raw.regions();
    }

    @Override
    public INDArray rows(int[] indices) {
        return scaler.apply(raw.rows(indices));
    }

    @Override
    public void close() {
        raw.close();
    }
}
