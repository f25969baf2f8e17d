package caption.train;

import caption.decoder.DecoderParams;
import caption.kernel.Numerics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam over named parameters, with clipping of the global gradient norm, in the process's
 * {@link Numerics}. The moments keep ND4J's updater layout ([m | v] per parameter), so checkpoints
 * move between the implementations.
 */
public final class AdamOptimizer {

    private final Adam adam;
    /** Each parameter's moments (the updater's view array), kept for checkpoints. */
    private final Map<String, INDArray> states = new LinkedHashMap<>();
    private final double clipNorm;
    private int iteration;

    public AdamOptimizer(Map<String, INDArray> params, double learningRate, double clipNorm) {
        this.adam = new Adam(learningRate);
        this.clipNorm = clipNorm;
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            long n = p.getValue().length();
            states.put(p.getKey(), Nd4j.zeros(p.getValue().dataType(), 1, 2 * n));
        }
    }

    Map<String, INDArray> states() {
        return states;
    }

    int iteration() {
        return iteration;
    }

    /** Puts back the moments and iteration of a checkpoint. */
    void restore(Map<String, INDArray> saved, int savedIteration) {
        for (Map.Entry<String, INDArray> e : states.entrySet()) {
            INDArray s = saved.get(e.getKey());
            if (s == null || s.length() != e.getValue().length()) {
                throw new IllegalArgumentException("checkpoint has no matching optimizer state for " + e.getKey());
            }
            e.getValue().assign(s.reshape(e.getValue().shape()));
        }
        iteration = savedIteration;
    }

    void setLearningRate(double learningRate) {
        adam.setLearningRate(learningRate);
    }

    /**
     * Clips, then applies one Adam step to the parameters in place; returns the gradient norm before
     * clipping. The gradients are consumed: the step scales and updates them in place where their
     * layout allows, rather than copying 60 MB per step at the peer's sizes.
     */
    public double step(DecoderParams decoderParams, Map<String, INDArray> gradients, int epoch) {
        double norm = step(decoderParams.asMap(), gradients, epoch);
        decoderParams.changed();
        return norm;
    }

    /** {@link #step(DecoderParams, Map, int)} for parameters that are no decoder's (the encoder's blocks). */
    double step(Map<String, INDArray> params, Map<String, INDArray> gradients, int epoch) {
        Numerics numerics = Numerics.current();
        double norm = globalNorm(numerics, gradients);
        Numerics.AdamStep step = new Numerics.AdamStep(norm > clipNorm ? clipNorm / norm : 1.0,
                adam.getLearningRate(iteration, epoch), adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), iteration);
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            numerics.adam(p.getValue(), gradients.get(p.getKey()), states.get(p.getKey()), step);
        }
        iteration++;
        return norm;
    }

    private static double globalNorm(Numerics numerics, Map<String, INDArray> gradients) {
        double sum = 0;
        for (INDArray g : gradients.values()) {
            sum += numerics.squaredNorm(g);
        }
        return Math.sqrt(sum);
    }
}
