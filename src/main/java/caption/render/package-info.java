/**
 * Pictures made from a model's output: attention maps laid over the image, one panel per word.
 *
 * <p>Layering: may import {@code caption.model} and {@code caption.io} only.
 */
package caption.render;
