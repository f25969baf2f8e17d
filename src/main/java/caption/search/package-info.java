/**
 * Choosing a caption's words from a model's next-word distributions, independent of any model:
 * {@link caption.search.CaptionSearch} (beam search, greedy, sampling) over a
 * {@link caption.search.StepFunction}, with its {@link caption.search.SearchSettings}.
 *
 * <p>Layering: imports no {@code caption} package.
 */
package caption.search;
