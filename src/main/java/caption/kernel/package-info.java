/**
 * The numerics layer: the arithmetic of training, search and the encoder behind one interface,
 * {@link caption.kernel.Numerics}, with two implementations chosen once per process. ND4J's
 * operations alone ({@code nd4j}, right on any backend) and the CPU's ({@code cpu}): kernels in
 * Java's Vector API where ND4J spends more on calling an operation than on its arithmetic (few-row
 * products with a weight packed once, the LSTM recurrence and cell, Adam, softmax (attention's
 * weights, the search's log-probabilities, cross-entropy), attention, scatter-add), split
 * over the cores. Tests hold the two to the same
 * results. {@link caption.kernel.ReachableOps} keeps the arrays of ND4J's ops alive while libnd4j
 * runs them.
 *
 * <p>Layering: imports no {@code caption} package.
 */
package caption.kernel;
