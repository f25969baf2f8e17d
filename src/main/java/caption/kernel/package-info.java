/**
 * Kernels written with Java's Vector API where ND4J spends more on calling its operations than on
 * their arithmetic: products of a few rows (a search's beams, a training batch at one LSTM step)
 * with a large weight packed once, the LSTM's recurrence, Adam, softmax cross-entropy, attention
 * and pooling passes. Used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher does so for long runs); otherwise the
 * decoders multiply through ND4J as before.
 */
package caption.kernel;
