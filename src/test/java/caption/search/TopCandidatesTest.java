package caption.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopCandidatesTest {

    private record Pair(int row, int word, double total) {}

    /** Every pair sorted by total, highest first, equal totals in the order offered. */
    private static List<Pair> reference(double[] bases, float[][] rows, int width) {
        List<Pair> all = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            for (int w = 0; w < rows[r].length; w++) {
                all.add(new Pair(r, w, bases[r] + rows[r][w]));
            }
        }
        all.sort(Comparator.comparingDouble(Pair::total).reversed());
        return all.subList(0, Math.min(width, all.size()));
    }

    private static void assertSameAsReference(double[] bases, float[][] rows, int width) {
        TopCandidates top = new TopCandidates(width);
        for (int r = 0; r < rows.length; r++) {
            top.offerRow(r, bases[r], rows[r]);
        }
        List<Pair> expected = reference(bases, rows, width);
        assertEquals(expected.size(), top.size());
        for (int i = 0; i < top.size(); i++) {
            Pair want = expected.get(i);
            assertEquals(want, new Pair(top.row(i), top.word(i), top.total(i)), "rank " + i);
            assertEquals(rows[want.row()][want.word()], top.logProb(i));
        }
    }

    @Test
    void matchesAFullSortOnRandomRows() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int rowCount = 1 + random.nextInt(4);
            float[][] rows = new float[rowCount][1 + random.nextInt(300)];
            double[] bases = new double[rowCount];
            for (int r = 0; r < rowCount; r++) {
                bases[r] = -random.nextDouble() * 30;
                for (int w = 0; w < rows[r].length; w++) {
                    rows[r][w] = (float) (-Math.abs(random.nextGaussian()) * 8);
                }
            }
            assertSameAsReference(bases, rows, 1 + random.nextInt(12));
        }
    }

    @Test
    void keepsThePairSeenFirstAmongEqualTotals() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            float[][] rows = new float[3][50];
            for (float[] row : rows) {
                for (int w = 0; w < row.length; w++) {
                    row[w] = -random.nextInt(4); // many ties, some impossible words below
                    if (random.nextInt(10) == 0) {
                        row[w] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
            double[] bases = {-1, -1, -2};
            assertSameAsReference(bases, rows, 1 + random.nextInt(6));
        }
    }

    @Test
    void holdsFewerPairsThanTheWidthWhenTheRowsAreShort() {
        assertSameAsReference(new double[] {0, -0.5}, new float[][] {{-1f, -0.25f}, {-0.1f}}, 5);
    }

    @Test
    void rejectsAWidthBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TopCandidates(0));
    }
}
