package caption.search;

/**
 * A test model that gives every row the same next-word log-probabilities whatever came before; it
 * remembers the rows it was last asked to select.
 */
final class FixedSteps implements StepFunction<Integer> {

    private final float[] logProbs;
    int[] lastSelected;

    FixedSteps(float... logProbs) {
        this.logProbs = logProbs.clone();
    }

    /** A model with these probabilities (0 becomes a very small one). */
    static FixedSteps ofProbabilities(double... probs) {
        float[] logs = new float[probs.length];
        for (int w = 0; w < probs.length; w++) {
            logs[w] = (float) Math.log(Math.max(probs[w], 1e-12));
        }
        return new FixedSteps(logs);
    }

    @Override
    public Integer initial() {
        return 1;
    }

    @Override
    public Result<Integer> step(Integer rows, int[] lastWords) {
        float[][] out = new float[lastWords.length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = logProbs.clone();
        }
        return new Result<>(out, lastWords.length);
    }

    @Override
    public Integer select(Integer rows, int[] selected) {
        lastSelected = selected.clone();
        return selected.length;
    }
}
