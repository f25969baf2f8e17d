package caption.model;

/** One entry of an n-best list: a caption and its scores (see {@link Caption}). */
public record Alternative(String text, double score, double logProb) {}
