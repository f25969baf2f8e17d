/**
 * The picocli command line: caption images and folders, train, join models into an ensemble,
 * evaluate, score, generate datasets, pretrain the encoder, benchmark; usage errors exit 2, failed
 * inputs 1.
 *
 * <p>Layering: the top layer; may import any package, and no package imports it.
 */
package caption.cli;
