/** The LSTM caption decoder: parameters, forward and hand-written backward pass, and its search adapter. */
package caption.decoder;
