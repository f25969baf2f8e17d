/**
 * The LSTM's memory across many captions: the states recorded word by word ({@link
 * caption.memory.StateRows}), written as an LSTMVis project ({@link caption.memory.LstmVisProject}),
 * and what the cells track ({@link caption.memory.MemoryAnalysis}: correlations with signals such
 * as the word's position, RNNVis's expected updates and co-clusters of cells and words).
 *
 * <p>Layering: may import {@code data}, {@code data.shapes}, {@code image}, {@code io},
 * {@code model} and {@code search}.
 */
package caption.memory;
