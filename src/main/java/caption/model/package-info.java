/** The model file (one zip with config, vocabulary, encoder, decoder and provenance) and its loading. */
package caption.model;
