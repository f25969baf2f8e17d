/**
 * Measuring captions: the COCO caption toolkit's BLEU, ROUGE-L and CIDEr-D with its PTB
 * tokenisation, COCO annotation and result files, scene and relation accuracy of shape scenes,
 * attention sharpness, and the evaluation of a model on a split.
 *
 * <p>Layering: may import {@code caption.data}, {@code data.shapes}, {@code image}, {@code io},
 * {@code model} and {@code search}; never training, the API or the CLI.
 */
package caption.eval;
