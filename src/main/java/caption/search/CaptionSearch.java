package caption.search;

import java.util.List;

/**
 * A way of choosing a caption's words from a model's next-word distributions: beam search,
 * greedy decoding or sampling, as {@link SearchSettings#method()} names.
 */
public interface CaptionSearch {

    /** The captions found, best first ({@link Hypothesis#score()}). */
    <S> List<Hypothesis> search(StepFunction<S> model);

    /** The search the settings name, between the vocabulary's start and end words. */
    static CaptionSearch of(SearchSettings settings, int startWord, int endWord) {
        return switch (settings.method()) {
            case SearchSettings.BEAM -> new BeamSearch(settings, startWord, endWord);
            case SearchSettings.GREEDY -> new GreedySearch(settings, startWord, endWord);
            case SearchSettings.SAMPLE -> new SamplingSearch(settings, startWord, endWord, new java.util.Random());
            default -> throw new IllegalArgumentException("unknown search method " + settings.method());
        };
    }
}
