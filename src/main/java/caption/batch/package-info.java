/**
 * Captioning many images: folders listed as a stream, decoding on a bounded pool of threads,
 * captioning in batches (the next encoded while the current one is searched), and each result written as it is made, in path order, in TSV, JSON lines
 * or CSV (and read back for resuming) or as a COCO results file; lists of paths ({@code --files-from})
 * and the split of an input over machines ({@code --shard K/N}).
 *
 * <p>Layering: may import {@code caption.encoder}, {@code image}, {@code io}, {@code model} and
 * {@code search}; never training, the API or the CLI.
 */
package caption.batch;
