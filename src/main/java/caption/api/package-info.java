/**
 * The library facade: {@link caption.api.Captioner} loads a model once and captions files and
 * images, returning the model's plain records ({@link caption.model.Caption}) with no ND4J type in sight;
 * {@link caption.api.RuntimeSettings} holds the process-wide performance settings. The CLI, a
 * server or a Spark job stand on this package. It may depend on batch, image, io, model, search,
 * decoder and encoder; nothing below it (and not cli or train) may depend on it.
 */
package caption.api;
