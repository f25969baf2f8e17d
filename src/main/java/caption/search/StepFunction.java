package caption.search;

/**
 * What a search needs from a model: the next-word log-probabilities of several partial sequences
 * at once. {@code S} is the model's state of those sequences (one row per sequence). A model may
 * hold several images ({@link BeamSearch#searchEach}): its initial state has one row per image, and
 * each later row stays with the image of the row it was selected from.
 */
public interface StepFunction<S> {

    /** The state before any word: one sequence, or one per image for a model of several images. */
    S initial();

    /** Feeds each row its last word; returns log-probabilities [rows][vocabulary] and the new state. */
    Result<S> step(S state, int[] lastWords);

    /** The state rows {@code rows} (in that order, repeats allowed). */
    S select(S state, int[] rows);

    record Result<S>(float[][] logProbs, S state) {}
}
