/** The picocli command line: caption images, train, evaluate, generate datasets, pretrain the encoder. */
package caption.cli;
