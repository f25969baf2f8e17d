package caption.train;

import caption.decoder.DecoderParams;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a decoder's weights (Polyak averaging): after each step the
 * average moves towards the weights by {@code 1 - decay}. Averaged weights are a smoother point
 * than the last step's, which Adam at a constant rate leaves noisy. The first steps use a smaller
 * decay, {@code (1 + n) / (10 + n)} after n updates as TensorFlow's ExponentialMovingAverage does, so
 * that the initial weights do not linger in the average.
 */
final class WeightAverage {

    private final double decay;
    private final DecoderParams average;
    private long updates;

    /** An average that starts at a copy of {@code start}, as it stands after {@code updates} updates. */
    WeightAverage(DecoderParams start, double decay, long updates) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight average decay must be in (0, 1), not " + decay);
        }
        this.decay = decay;
        this.average = start.copy();
        this.updates = updates;
    }

    /** Moves the average towards {@code params} (same names and shapes). */
    void update(DecoderParams params) {
        updates++;
        double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
        Map<String, INDArray> current = params.asMap();
        for (Map.Entry<String, INDArray> e : average.asMap().entrySet()) {
            INDArray avg = e.getValue();
            INDArray p = current.get(e.getKey());
            avg.muli(d);
            Nd4j.getBlasWrapper().level1().axpy(p.length(), 1 - d, p, avg);
        }
        average.changed();
    }

    /** The averaged weights (live: later updates change them; copy to keep). */
    DecoderParams params() {
        return average;
    }
}
