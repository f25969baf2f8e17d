package caption.memory;

import java.util.Set;

/** A per-row quantity the cells are correlated with, and what it means. */
public record Signal(String name, String meaning, double[] values) {

    public Signal {
        if (name == null || name.isBlank() || meaning == null || values == null) {
            throw new IllegalArgumentException("a signal needs a name, a meaning and values");
        }
    }

    /** The row's word's index in its caption, from 0 (the end token's too). */
    public static Signal position(StateRows rows) {
        double[] values = new double[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = rows.position(r);
        }
        return new Signal("position", "the index of the word the step writes, from 0", values);
    }

    /** 1 where the step writes one of {@code wordIds} (the word after the one it reads), else 0. */
    public static Signal nextWordIn(String kind, Set<Integer> wordIds, StateRows rows) {
        double[] values = new double[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = wordIds.contains(rows.wordId(r)) ? 1 : 0;
        }
        return new Signal("next_" + kind, "1 where the word the step writes is a " + kind + " word, else 0", values);
    }
}
