/**
 * The image encoder: the zoo SqueezeNet cut after a fire block, its inference through libnd4j ops,
 * its pretraining on shape scenes, the ImageNet weights, the encoder file and the feature store.
 *
 * <p>Layering: may import {@code caption.image}, {@code caption.io}, {@code caption.kernel} and
 * {@code caption.data.shapes} (for the pretrainer) only; never decoders or models.
 */
package caption.encoder;
