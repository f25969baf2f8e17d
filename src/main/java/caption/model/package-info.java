/**
 * The captioning model (encoder, feature scaler, decoder, vocabulary, search defaults, provenance;
 * for an ensemble, further scalers and decoders), its file format, and the lookup of bundled
 * models by name.
 *
 * <p>Layering: may import {@code caption.data}, {@code decoder}, {@code encoder}, {@code image},
 * {@code io} and {@code search}; never training, evaluation, batch runs, the API or the CLI.
 */
package caption.model;
