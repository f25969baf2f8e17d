/**
 * Shape scenes (spec shapes-scenes.md, version 1): the generator, its caption templates, the
 * checker that judges any caption against a scene, and the encoder's per-cell labels.
 *
 * <p>Layering: may import {@code caption.data} and {@code caption.io} only.
 */
package caption.data.shapes;
