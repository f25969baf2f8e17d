package caption.decoder;

/**
 * A search state that shows its LSTM: h and c [rows, H] and, after a step, the activated gates
 * [rows, 4H] (input, forget, output, cell candidate), row by row. {@link LstmTrace} reads it.
 */
public interface LstmRows {

    float[] h();

    float[] c();

    /** The last step's gates, or null for a state no step made (the initial one, a selection). */
    float[] gates();
}
