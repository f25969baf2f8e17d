package caption.eval;

import caption.model.AttentionMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How peaked an attention decoder's weights are, over every word it wrote (the end included): the
 * mean of each word's largest weight (1 / L for uniform weights over L positions, 1 for a single
 * position) and the mean entropy of the weights divided by log L (1 uniform, 0 a single position).
 */
public final class AttentionSharpness {

    private double maxSum;
    private double entropySum;
    private long words;
    private int positions;

    public void add(AttentionMap map) {
        positions = map.rows() * map.cols();
        double logPositions = Math.log(positions);
        for (float[] weights : map.weights()) {
            double max = 0;
            double entropy = 0;
            for (float w : weights) {
                max = Math.max(max, w);
                if (w > 0) {
                    entropy -= w * Math.log(w);
                }
            }
            maxSum += max;
            entropySum += positions > 1 ? entropy / logPositions : 0;
            words++;
        }
    }

    /** {@code attention_max_weight}, {@code attention_entropy} and the uniform maximum 1 / L; empty before any map. */
    public Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        if (words > 0) {
            figures.put("attention_max_weight", maxSum / words);
            figures.put("attention_entropy", entropySum / words);
            figures.put("attention_uniform_weight", 1.0 / positions);
        }
        return figures;
    }
}
