package caption.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over a {@link StepFunction}. Each step keeps the k best extensions of the live
 * beams; an extension that ends moves to the finished list and the beam narrows, so the search
 * stops when every beam has ended (or at the maximum length). Finished sequences are ranked by
 * length-normalised log-probability; greedy decoding is k = 1.
 *
 * <p>Several images search together ({@link #searchEach}): their live beams are one set of rows,
 * image by image, so each step is one model call for all of them; each image still chooses among its
 * own rows alone, so its captions are those it would get searched by itself.
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
        return searchEach(model, 1).get(0);
    }

    /**
     * Each image's n-best list, in the images' order, for a model whose initial state holds one row
     * per image (row i is image i's). A step's rows are the live beams of every image not yet done,
     * image by image; an image whose beams have all ended leaves them.
     */
    public <S> List<List<Hypothesis>> searchEach(StepFunction<S> model, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("a search needs at least one image, not " + images);
        }
        List<ImageBeams> beams = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            beams.add(new ImageBeams());
        }
        S state = model.initial();
        List<ImageBeams> stepping = beams;
        for (int length = 1; length <= settings.maxLength() && !stepping.isEmpty(); length++) {
            StepFunction.Result<S> step = model.step(state, lastWords(stepping));
            List<Integer> parents = new ArrayList<>();
            int row = 0;
            for (ImageBeams b : stepping) {
                row = b.advance(step.logProbs(), row, length, parents);
            }
            stepping = stepping.stream().filter(b -> !b.live.isEmpty()).toList();
            if (!stepping.isEmpty()) {
                state = model.select(step.state(), parents.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        List<List<Hypothesis>> nBest = new ArrayList<>();
        for (ImageBeams b : beams) {
            b.finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            nBest.add(b.finished);
        }
        return nBest;
    }

    /** The last word of every stepping image's live beams, image by image: the step's rows. */
    private int[] lastWords(List<ImageBeams> stepping) {
        List<Integer> last = new ArrayList<>();
        for (ImageBeams b : stepping) {
            b.live.forEach(p -> last.add(p.words.length == 0 ? startWord : p.words[p.words.length - 1]));
        }
        return last.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Partial(int[] words, double logProb) {}

    private record Candidate(int parent, int word, double logProb) {}

    /** One image's live beams (in their rows' order) and finished sequences. */
    private final class ImageBeams {
        private List<Partial> live = List.of(new Partial(new int[0], 0.0));
        private final List<Hypothesis> finished = new ArrayList<>();

        /**
         * Extends this image's beams from its rows of a step, which start at {@code first}; adds the
         * step rows its new beams continue to {@code parents}. Returns the row after its last.
         */
        int advance(float[][] logProbs, int first, int length, List<Integer> parents) {
            for (int p = 0; p < live.size(); p++) {
                settings.constrain(live.get(p).words, logProbs[first + p], endWord);
            }
            List<Partial> next = new ArrayList<>();
            for (Candidate c : bestCandidates(live, logProbs, first, settings.beamSize() - finished.size())) {
                Partial parent = live.get(c.parent);
                double logProb = parent.logProb + c.logProb;
                if (c.word == endWord) {
                    finished.add(settings.hypothesis(parent.words, logProb, true));
                } else if (length == settings.maxLength()) {
                    finished.add(settings.hypothesis(append(parent.words, c.word), logProb, false));
                } else {
                    next.add(new Partial(append(parent.words, c.word), logProb));
                    parents.add(first + c.parent);
                }
            }
            int after = first + live.size();
            live = next;
            return after;
        }
    }

    /** The {@code width} highest-scoring (parent, word) pairs by total log-probability, best first. */
    private static List<Candidate> bestCandidates(List<Partial> live, float[][] logProbs, int first, int width) {
        TopCandidates top = new TopCandidates(width);
        for (int p = 0; p < live.size(); p++) {
            top.offerRow(p, live.get(p).logProb, logProbs[first + p]);
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
