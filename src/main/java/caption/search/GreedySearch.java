package caption.search;

import java.util.List;

/** Greedy decoding: the most probable word at each step, one sequence (beam search of width 1, cheaper). */
public final class GreedySearch implements CaptionSearch {

    private final SearchSettings settings;
    private final int startWord;
    private final int endWord;

    public GreedySearch(SearchSettings settings, int startWord, int endWord) {
        this.settings = settings;
        this.startWord = startWord;
        this.endWord = endWord;
    }

    @Override
    public <S> List<Hypothesis> search(StepFunction<S> model) {
        S state = model.initial();
        int[] words = new int[settings.maxLength()];
        double logProb = 0;
        int last = startWord;
        for (int length = 0; length < settings.maxLength(); length++) {
            StepFunction.Result<S> step = model.step(state, new int[] {last});
            float[] row = step.logProbs()[0];
            settings.constrain(java.util.Arrays.copyOf(words, length), row, endWord);
            int best = argmax(row);
            logProb += row[best];
            if (best == endWord) {
                return List.of(settings.hypothesis(java.util.Arrays.copyOf(words, length), logProb, true));
            }
            words[length] = best;
            last = best;
            state = step.state();
        }
        return List.of(settings.hypothesis(words, logProb, false));
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int w = 1; w < row.length; w++) {
            if (row[w] > row[best]) {
                best = w;
            }
        }
        return best;
    }
}
