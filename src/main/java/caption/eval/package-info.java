/** Measuring captions: scene accuracy of shape scenes against the checker. */
package caption.eval;
