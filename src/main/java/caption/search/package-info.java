/** Caption search: beam search (greedy is width 1) over any model behind {@link caption.search.StepFunction}. */
package caption.search;
