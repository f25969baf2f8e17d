/**
 * File helpers shared by every package: atomic writes, zip archives as name-to-bytes maps, and the
 * project's Jackson mappers.
 *
 * <p>Layering: the lowest layer; imports no {@code caption} package.
 */
package caption.io;
