/**
 * Shape scenes (spec shapes-scenes.md, version 1): the generator, its caption templates, the
 * checker that judges any caption against a scene, and the encoder's auxiliary labels.
 */
package caption.data.shapes;
