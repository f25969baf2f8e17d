/** Pictures made from a model's output: attention maps laid over the image, one panel per word. */
package caption.render;
