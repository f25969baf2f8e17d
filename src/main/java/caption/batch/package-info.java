/**
 * Captioning many images: finding them in folders as a stream, decoding on a bounded pool of
 * threads, captioning in batches, and writing each result as it is made in a stable order.
 */
package caption.batch;
