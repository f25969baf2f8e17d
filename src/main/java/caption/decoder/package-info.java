/**
 * The LSTM caption decoders behind {@link caption.decoder.CaptionDecoder}: Show and Tell and Show,
 * Attend and Tell, their parameters, hand-written forward and backward passes and search steps, and
 * the registry of decoder types ({@link caption.decoder.DecoderTypes}).
 *
 * <p>Layering: may import {@code caption.kernel} and {@code caption.search} only; never images,
 * encoders, models or training.
 */
package caption.decoder;
