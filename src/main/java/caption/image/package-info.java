/**
 * Image files to pixels under one decoding policy ({@link caption.image.ImageDecoder}: formats,
 * EXIF orientation, alpha, size limit) and pixels to an encoder's input
 * ({@link caption.image.ImagePreprocessor}); nothing here knows of networks.
 *
 * <p>Layering: may import {@code caption.io} only.
 */
package caption.image;
