/**
 * Caption datasets: readers of the COCO-style folder, COCO, Karpathy, Flickr8k and CSV formats, the
 * training tokenizer and the vocabulary.
 *
 * <p>Layering: may import {@code caption.io} only.
 */
package caption.data;
