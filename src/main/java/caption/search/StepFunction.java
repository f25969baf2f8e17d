package caption.search;

/**
 * What a search needs from a model: the next-word log-probabilities of several partial sequences
 * at once. {@code S} is the model's state of those sequences (one row per sequence).
 */
public interface StepFunction<S> {

    /** The state of one sequence before any word. */
    S initial();

    /** Feeds each row its last word; returns log-probabilities [rows][vocabulary] and the new state. */
    Result<S> step(S state, int[] lastWords);

    /** The state rows {@code rows} (in that order, repeats allowed). */
    S select(S state, int[] rows);

    record Result<S>(float[][] logProbs, S state) {}
}
