package caption.train;

import caption.decoder.DecoderParams;
import caption.kernel.AdamKernel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam over named parameters, with clipping of the global gradient norm: ND4J's updater, or its
 * arithmetic in one pass ({@link AdamKernel}) where the Vector API runs. The moments are ND4J's
 * layout either way ([m | v] per parameter), so checkpoints move between the two.
 */
public final class AdamOptimizer {

    private final Adam adam;
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    /** Each parameter's moments (the updater's view array), kept for checkpoints. */
    private final Map<String, INDArray> states = new LinkedHashMap<>();
    private final double clipNorm;
    private int iteration;

    public AdamOptimizer(Map<String, INDArray> params, double learningRate, double clipNorm) {
        this.adam = new Adam(learningRate);
        this.clipNorm = clipNorm;
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            long n = p.getValue().length();
            INDArray state = Nd4j.zeros(p.getValue().dataType(), 1, 2 * n);
            updaters.put(p.getKey(), adam.instantiate(state, true));
            states.put(p.getKey(), state);
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

    private double step(Map<String, INDArray> params, Map<String, INDArray> gradients, int epoch) {
        double norm = globalNorm(gradients);
        double factor = norm > clipNorm ? clipNorm / norm : 1.0;
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            INDArray param = p.getValue();
            INDArray gradient = gradients.get(p.getKey());
            if (AdamKernel.accepts(param) && AdamKernel.accepts(gradient)) {
                AdamKernel.step(param, gradient, states.get(p.getKey()), factor, adam.getLearningRate(iteration, epoch),
                        adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), iteration);
                continue;
            }
            INDArray update = gradient.reshape('c', 1, param.length());
            if (factor != 1.0) {
                update.muli(factor);
            }
            updaters.get(p.getKey()).applyUpdater(update, iteration, epoch);
            param.subi(update.reshape('c', param.shape()));
        }
        iteration++;
        return norm;
    }

    private static double globalNorm(Map<String, INDArray> gradients) {
        double sum = 0;
        for (INDArray g : gradients.values()) {
            if (AdamKernel.accepts(g)) {
                sum += AdamKernel.squaredNorm(g);
            } else {
                double n = g.norm2Number().doubleValue();
                sum += n * n;
            }
        }
        return Math.sqrt(sum);
    }
}
