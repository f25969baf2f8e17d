package caption.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Sampling: {@code beamSize} captions drawn independently, each word from the model's distribution
 * sharpened or flattened by the temperature (p^(1/T)); returned best first. Sequences that end drop
 * out of the model's rows, as in beam search. Optionally the end may not follow some words (an
 * article or preposition: "a dog runs on a"), as ImageCaptioning.pytorch's bad endings.
 */
public final class SamplingSearch implements CaptionSearch {

    private final SearchSettings settings;
    private final int startWord;
    private final int endWord;
    private final Random rng;
    private final Set<Integer> noEndAfter;

    public SamplingSearch(SearchSettings settings, int startWord, int endWord, Random rng) {
        this(settings, startWord, endWord, rng, Set.of());
    }

    /** @param noEndAfter words after which the end is never drawn */
    public SamplingSearch(SearchSettings settings, int startWord, int endWord, Random rng, Set<Integer> noEndAfter) {
        this.settings = settings;
        this.startWord = startWord;
        this.endWord = endWord;
        this.rng = rng;
        this.noEndAfter = Set.copyOf(noEndAfter);
    }

    @Override
    public <S> List<Hypothesis> search(StepFunction<S> model) {
        int n = settings.beamSize();
        S state = model.select(model.initial(), new int[n]);
        int[][] words = new int[n][];
        double[] logProbs = new double[n];
        int[] live = new int[n];
        Arrays.setAll(live, i -> i);
        Arrays.setAll(words, i -> new int[0]);
        List<Hypothesis> done = new ArrayList<>();
        for (int length = 1; length <= settings.maxLength() && live.length > 0; length++) {
            int[] last = Arrays.stream(live).map(i -> words[i].length == 0 ? startWord : words[i][words[i].length - 1]).toArray();
            StepFunction.Result<S> step = model.step(state, last);
            List<Integer> keep = new ArrayList<>();
            for (int r = 0; r < live.length; r++) {
                int i = live[r];
                settings.constrain(words[i], step.logProbs()[r], endWord);
                if (words[i].length > 0 && noEndAfter.contains(words[i][words[i].length - 1])) {
                    step.logProbs()[r][endWord] = Float.NEGATIVE_INFINITY;
                }
                int word = draw(step.logProbs()[r]);
                logProbs[i] += step.logProbs()[r][word];
                if (word == endWord) {
                    done.add(settings.hypothesis(words[i], logProbs[i], true));
                    continue;
                }
                words[i] = Arrays.copyOf(words[i], words[i].length + 1);
                words[i][words[i].length - 1] = word;
                if (length == settings.maxLength()) {
                    done.add(settings.hypothesis(words[i], logProbs[i], false));
                } else {
                    keep.add(r);
                }
            }
            int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
            int[] previous = live;
            live = Arrays.stream(rows).map(r -> previous[r]).toArray();
            if (rows.length > 0) {
                state = model.select(step.state(), rows);
            }
        }
        done.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return done;
    }

    /** A word drawn from softmax(logProbs / T). */
    private int draw(float[] logProbs) {
        double inverse = 1.0 / settings.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (float lp : logProbs) {
            max = Math.max(max, lp);
        }
        double[] weights = new double[logProbs.length];
        double total = 0;
        for (int w = 0; w < logProbs.length; w++) {
            weights[w] = Math.exp((logProbs[w] - max) * inverse);
            total += weights[w];
        }
        double u = rng.nextDouble() * total;
        for (int w = 0; w < weights.length; w++) {
            u -= weights[w];
            if (u <= 0 && weights[w] > 0) {
                return w;
            }
        }
        return GreedySearch.argmax(logProbs);
    }
}
