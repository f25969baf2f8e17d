package caption.search;

/** A decoded word sequence (without start and end words) and its scores. */
public record Hypothesis(int[] words, double logProb, double score, boolean ended) {}
