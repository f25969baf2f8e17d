package caption.memory;

import caption.model.LstmView;
import java.util.function.Function;

/**
 * The five states recorded per word, with their HDF5 dataset names and how LSTMVis should show
 * them: the cell unbounded (LSTMVis's own tanh), the hidden state already in [-1, 1], the gates in
 * [0, 1].
 */
public enum StateType {
    HIDDEN("hidden", "output", false, false, LstmView.Step::hidden),
    CELL("cell", "state", false, true, LstmView.Step::cell),
    INPUT_GATE("input_gate", "input_gate", true, false, LstmView.Step::inputGate),
    FORGET_GATE("forget_gate", "forget_gate", true, false, LstmView.Step::forgetGate),
    OUTPUT_GATE("output_gate", "output_gate", true, false, LstmView.Step::outputGate);

    private final String dataset;
    private final String lstmVisType;
    private final boolean unsigned;
    private final boolean tanh;
    private final Function<LstmView.Step, float[]> values;

    StateType(String dataset, String lstmVisType, boolean unsigned, boolean tanh, Function<LstmView.Step, float[]> values) {
        this.dataset = dataset;
        this.lstmVisType = lstmVisType;
        this.unsigned = unsigned;
        this.tanh = tanh;
        this.values = values;
    }

    /** The dataset's name in states.h5, and this state's name in memory.json. */
    public String dataset() {
        return dataset;
    }

    /** The entry of lstm.yml's {@code states: types:} list. */
    String lstmVisEntry() {
        return "{type: " + lstmVisType + ", layer: 1, path: " + dataset + (unsigned ? ", unsigned: true" : "")
                + (tanh ? "" : ", transform: none") + "}";
    }

    float[] of(LstmView.Step step) {
        return values.apply(step);
    }
}
