/**
 * Matrix kernels written with Java's Vector API for the one shape ND4J's BLAS handles poorly: a few
 * rows (a search's beams) times a large weight. Used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher does so for long runs); otherwise the
 * decoders multiply through ND4J as before.
 */
package caption.kernel;
