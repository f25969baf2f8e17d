package caption.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * LSTMVis's pattern search (Strobelt et al., 2018): the selected cells' on/off pattern (on: value
 * above the threshold) over a word range of one caption, matched against every window of the same
 * length in every caption. A window scores one for each cell-at-position on in both and loses one
 * for each on in only one of them (cells off in both say nothing, as in LSTMVis); each caption
 * keeps its best window.
 */
final class PatternSearch {

    /** The pattern: cells of one state over rows {@code [from, to]} of a caption, and how many matches to return. */
    record Query(int caption, int from, int to, List<Integer> cells, String state, double threshold, int limit) {
        Query {
            cells = List.copyOf(cells);
            if (caption < 0 || from < 0 || to < from || cells.isEmpty() || limit < 1 || !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("a pattern needs a caption, a word range, cells and a limit");
            }
        }

        int length() {
            return to - from + 1;
        }
    }

    /** A caption's best window: it starts at row {@code start} of the caption. */
    record Match(int caption, int start, int score) {}

    private PatternSearch() {}

    /** The best-scoring captions, the source caption first among equals, then in caption order. */
    static List<Match> search(MemoryFolder folder, Query query) {
        float[][] rows = folder.state(query.state());
        boolean[][] pattern = onOff(rows, folder.captions().get(query.caption()).first() + query.from(), query);
        List<Match> matches = new ArrayList<>();
        for (int c = 0; c < folder.captions().size(); c++) {
            MemoryFolder.Recorded caption = folder.captions().get(c);
            Match best = null;
            for (int start = 0; start + query.length() <= caption.rows(); start++) {
                int score = score(pattern, onOff(rows, caption.first() + start, query));
                if (best == null || score > best.score()) {
                    best = new Match(c, start, score);
                }
            }
            if (best != null) {
                matches.add(best);
            }
        }
        matches.sort(Comparator.comparingInt((Match m) -> -m.score())
                .thenComparing(m -> m.caption() != query.caption())
                .thenComparingInt(Match::caption));
        return List.copyOf(matches.subList(0, Math.min(query.limit(), matches.size())));
    }

    /** [positions x cells]: whether each selected cell is on at each row of the window from {@code firstRow}. */
    private static boolean[][] onOff(float[][] rows, int firstRow, Query query) {
        boolean[][] on = new boolean[query.length()][query.cells().size()];
        for (int t = 0; t < on.length; t++) {
            for (int k = 0; k < on[t].length; k++) {
                on[t][k] = rows[firstRow + t][query.cells().get(k)] > query.threshold();
            }
        }
        return on;
    }

    private static int score(boolean[][] pattern, boolean[][] window) {
        int score = 0;
        for (int t = 0; t < pattern.length; t++) {
            for (int k = 0; k < pattern[t].length; k++) {
                if (pattern[t][k] && window[t][k]) {
                    score++;
                } else if (pattern[t][k] != window[t][k]) {
                    score--;
                }
            }
        }
        return score;
    }
}
