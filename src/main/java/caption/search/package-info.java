/**
 * Choosing a caption's words from a model's next-word distributions, independent of any model:
 * {@link caption.search.CaptionSearch} (beam search, greedy, sampling) over a
 * {@link caption.search.StepFunction}, with its {@link caption.search.SearchSettings}; several
 * models as one step function ({@link caption.search.EnsembleSteps}).
 *
 * <p>Layering: imports no {@code caption} package.
 */
package caption.search;
