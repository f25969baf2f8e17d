/**
 * The LSTM caption decoders behind one interface ({@link caption.decoder.CaptionDecoder}):
 * Show-and-Tell over the pooled vector and Show-Attend-and-Tell over the spatial grid, with their
 * parameters, forward and hand-written backward passes, and their search adapters.
 */
package caption.decoder;
