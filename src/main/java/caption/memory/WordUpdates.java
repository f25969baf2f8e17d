package caption.memory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RNNVis's expected response of each cell to each input word (Ming et al., "Understanding Hidden
 * Memories of Recurrent Neural Networks", 2017): the mean of the memory cell's change c_t - c_{t-1}
 * over the steps that read that word. The step reading the start token is left out (the state
 * before it comes from the image and is not recorded), and so are words read fewer than
 * {@code minCount} times.
 */
public record WordUpdates(List<String> words, double[][] update) {

    /** A word and the mean change it makes in one cell. */
    public record WordUpdate(@JsonProperty("word") String word, @JsonProperty("update") double update) {}

    /** A cell's words of largest |update|, largest first. */
    public record CellWords(@JsonProperty("cell") int cell, @JsonProperty("words") List<WordUpdate> words) {}

    /** @param update [cells][words] */
    public WordUpdates {
        words = List.copyOf(words);
        for (double[] row : update) {
            if (row.length != words.size()) {
                throw new IllegalArgumentException(row.length + " updates for " + words.size() + " words");
            }
        }
    }

    public static WordUpdates of(StateRows rows, List<String> vocabulary, int minCount) {
        int cells = rows.cells();
        double[][] sum = new double[vocabulary.size()][];
        int[] count = new int[vocabulary.size()];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.position(r) == 0) {
                continue;
            }
            int read = rows.wordId(r - 1);
            float[] now = rows.row(StateType.CELL, r);
            float[] before = rows.row(StateType.CELL, r - 1);
            if (sum[read] == null) {
                sum[read] = new double[cells];
            }
            for (int c = 0; c < cells; c++) {
                sum[read][c] += now[c] - before[c];
            }
            count[read]++;
        }
        List<Integer> kept = new ArrayList<>();
        for (int w = 0; w < count.length; w++) {
            if (count[w] >= minCount) {
                kept.add(w);
            }
        }
        double[][] update = new double[cells][kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            int w = kept.get(k);
            for (int c = 0; c < cells; c++) {
                update[c][k] = sum[w][c] / count[w];
            }
        }
        return new WordUpdates(kept.stream().map(vocabulary::get).toList(), update);
    }

    public int cells() {
        return update.length;
    }

    /** Per cell, its {@code top} words of largest |update|, sign kept. */
    public List<CellWords> strongestPerCell(int top) {
        List<CellWords> out = new ArrayList<>();
        for (int c = 0; c < cells(); c++) {
            List<WordUpdate> all = new ArrayList<>();
            for (int k = 0; k < words.size(); k++) {
                all.add(new WordUpdate(words.get(k), update[c][k]));
            }
            all.sort(Comparator.comparingDouble((WordUpdate u) -> -Math.abs(u.update())).thenComparing(WordUpdate::word));
            out.add(new CellWords(c, List.copyOf(all.subList(0, Math.min(top, all.size())))));
        }
        return out;
    }
}
