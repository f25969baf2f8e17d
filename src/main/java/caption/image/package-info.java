/** Image decoding and preprocessing, kept apart from the networks that consume the pixels. */
package caption.image;
