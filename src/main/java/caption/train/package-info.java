/** Training of the caption decoder: settings, batching, the optimizer, and the training loop. */
package caption.train;
