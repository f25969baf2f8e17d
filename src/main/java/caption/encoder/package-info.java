/**
 * The image encoder: the DL4J zoo SqueezeNet cut after its last fire block, its pretraining on
 * shape scenes, and the on-disk cache of a dataset's features.
 */
package caption.encoder;
