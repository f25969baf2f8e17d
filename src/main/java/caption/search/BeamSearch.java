package caption.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over a {@link StepFunction}. Each step keeps the k best extensions of the live
 * beams; an extension that ends moves to the finished list and the beam narrows, so the search
 * stops when every beam has ended (or at the maximum length). Finished sequences are ranked by
 * length-normalised log-probability; greedy decoding is k = 1.
 */
public final class BeamSearch implements CaptionSearch {

    private final SearchSettings settings;
    private final int startWord;
    private final int endWord;

    public BeamSearch(SearchSettings settings, int startWord, int endWord) {
        this.settings = settings;
        this.startWord = startWord;
        this.endWord = endWord;
    }

    /** The n-best list, best first, at most k long. */
    @Override
    public <S> List<Hypothesis> search(StepFunction<S> model) {
        int k = settings.beamSize();
        S state = model.initial();
        List<Partial> live = List.of(new Partial(new int[0], 0.0));
        List<Hypothesis> finished = new ArrayList<>();
        for (int length = 1; length <= settings.maxLength() && !live.isEmpty(); length++) {
            int[] last = live.stream().mapToInt(p -> p.words.length == 0 ? startWord : p.words[p.words.length - 1]).toArray();
            StepFunction.Result<S> step = model.step(state, last);
            for (int p = 0; p < live.size(); p++) {
                settings.constrain(live.get(p).words, step.logProbs()[p], endWord);
            }
            List<Candidate> best = bestCandidates(live, step.logProbs(), k - finished.size());
            List<Partial> next = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            for (Candidate c : best) {
                Partial parent = live.get(c.parent);
                double logProb = parent.logProb + c.logProb;
                if (c.word == endWord) {
                    finished.add(settings.hypothesis(parent.words, logProb, true));
                } else if (length == settings.maxLength()) {
                    finished.add(settings.hypothesis(append(parent.words, c.word), logProb, false));
                } else {
                    next.add(new Partial(append(parent.words, c.word), logProb));
                    parents.add(c.parent);
                }
            }
            live = next;
            if (!live.isEmpty()) {
                state = model.select(step.state(), parents.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return finished;
    }

    private record Partial(int[] words, double logProb) {}

    private record Candidate(int parent, int word, double logProb) {}

    /** The {@code width} highest-scoring (parent, word) pairs by total log-probability, best first. */
    private static List<Candidate> bestCandidates(List<Partial> live, float[][] logProbs, int width) {
        TopCandidates top = new TopCandidates(width);
        for (int p = 0; p < live.size(); p++) {
            top.offerRow(p, live.get(p).logProb, logProbs[p]);
        }
        List<Candidate> best = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            best.add(new Candidate(top.row(i), top.word(i), top.logProb(i)));
        }
        return best;
    }

    private static int[] append(int[] words, int word) {
        int[] out = java.util.Arrays.copyOf(words, words.length + 1);
        out[words.length] = word;
        return out;
    }
}
