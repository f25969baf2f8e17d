/**
 * Kernels in Java's Vector API where ND4J spends more on calling an operation than on its
 * arithmetic: few-row products with a weight packed once, the LSTM recurrence and cell, Adam,
 * softmax cross-entropy, the attention layer, max pooling and scatter-add, split over the cores.
 * They run only when {@code jdk.incubator.vector} is loaded ({@link caption.kernel.Simd}); every
 * caller has an ND4J path with the same results to float rounding.
 *
 * <p>Layering: imports no {@code caption} package.
 */
package caption.kernel;
