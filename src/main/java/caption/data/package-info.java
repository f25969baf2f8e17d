/** Datasets: the COCO-style caption folder, the caption tokenizer and the vocabulary. */
package caption.data;
