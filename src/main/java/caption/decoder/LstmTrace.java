package caption.decoder;

import caption.search.StepFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the LSTM did while writing one caption: for each step (each word, then the end) the hidden
 * state, the cell, the input, forget and output gates after the step, and the next-word
 * log-probabilities it gave. Recorded by replaying the chosen words through the search steps, as
 * the attention maps are.
 */
public record LstmTrace(int hiddenSize, List<Step> steps) {

    /** One step: [H] each, and log-probabilities over the vocabulary. */
    public record Step(float[] hidden, float[] cell, float[] inputGate, float[] forgetGate, float[] outputGate,
            float[] logProbs) {}

    public LstmTrace {
        steps = List.copyOf(steps);
    }

    /**
     * The trace of writing {@code words} (then the end) from {@code startWord}, or null when the
     * decoder's search state does not show an LSTM ({@link LstmRows}).
     */
    public static <S> LstmTrace replay(StepFunction<S> model, int startWord, int[] words, int hidden) {
        S state = model.initial();
        List<Step> steps = new ArrayList<>();
        int last = startWord;
        for (int t = 0; t <= words.length; t++) {
            StepFunction.Result<S> result = model.step(state, new int[] {last});
            state = result.state();
            if (!(state instanceof LstmRows rows) || rows.gates() == null) {
                return null;
            }
            float[] g = rows.gates();
            steps.add(new Step(rows.h().clone(), rows.c().clone(), Arrays.copyOfRange(g, 0, hidden),
                    Arrays.copyOfRange(g, hidden, 2 * hidden), Arrays.copyOfRange(g, 2 * hidden, 3 * hidden),
                    result.logProbs()[0]));
            last = t < words.length ? words[t] : last;
        }
        return new LstmTrace(hidden, steps);
    }
}
