package caption.memory;

import caption.model.LstmView;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The LSTM's states over many captions, one row per word a step writes (the end included),
 * captions one after another. Row r's states are after the step that wrote {@code wordId(r)}: that
 * step read the previous row's word (or the start token, at position 0).
 */
public final class StateRows {

    /** One caption's rows: {@code count} rows from {@code first}, for the image {@code source}. */
    public record Caption(String source, int first, int count) {
        public Caption {
            if (first < 0 || count < 1) {
                throw new IllegalArgumentException("a caption has at least its end row: " + first + ", " + count);
            }
        }
    }

    private final int cells;
    private final Map<StateType, List<float[]>> values = new EnumMap<>(StateType.class);
    private final List<Integer> wordIds = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private final List<Caption> captions = new ArrayList<>();

    public StateRows(int cells) {
        if (cells < 1) {
            throw new IllegalArgumentException("cells must be positive: " + cells);
        }
        this.cells = cells;
        for (StateType type : StateType.values()) {
            values.put(type, new ArrayList<>());
        }
    }

    /** Adds one caption's steps as rows; {@code ids} gives each word's id in the vocabulary. */
    public void add(String source, LstmView view, ToIntFunction<String> ids) {
        if (view.hiddenSize() != cells) {
            throw new IllegalArgumentException("a view of " + view.hiddenSize() + " cells among rows of " + cells);
        }
        captions.add(new Caption(source, size(), view.steps().size()));
        for (int t = 0; t < view.steps().size(); t++) {
            LstmView.Step step = view.steps().get(t);
            for (StateType type : StateType.values()) {
                values.get(type).add(type.of(step));
            }
            wordIds.add(ids.applyAsInt(step.word()));
            positions.add(t);
        }
    }

    public int size() {
        return wordIds.size();
    }

    public int cells() {
        return cells;
    }

    public List<Caption> captions() {
        return List.copyOf(captions);
    }

    /** Row r's values of one state type, [cells]; not a copy. */
    public float[] row(StateType type, int r) {
        return values.get(type).get(r);
    }

    /** All rows of one state type, [rows][cells], for writing. */
    public float[][] matrix(StateType type) {
        return values.get(type).toArray(float[][]::new);
    }

    public int wordId(int r) {
        return wordIds.get(r);
    }

    public int[] wordIds() {
        return wordIds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The row's word's index in its caption, from 0. */
    public int position(int r) {
        return positions.get(r);
    }
}
