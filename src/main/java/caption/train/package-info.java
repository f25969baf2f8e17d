/**
 * Training decoders: settings, the loop over epochs and batches, steps in a reused ND4J workspace,
 * Adam, a moving average of the weights, validation and model selection, checkpoints and resuming,
 * the run's log and curves; self-critical training and the choice of a model's default search.
 *
 * <p>Layering: may import {@code caption.data}, {@code data.shapes}, {@code decoder},
 * {@code encoder}, {@code eval}, {@code io}, {@code kernel}, {@code model} and {@code search}.
 * Only {@code caption.cli} and {@code caption.bench} import this package.
 */
package caption.train;
