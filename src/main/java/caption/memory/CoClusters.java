package caption.memory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cells and words grouped together, as RNNVis's bipartite view shows them: k-means on the cells'
 * rows of the expected-update matrix (cells that the same words move alike), started
 * deterministically (farthest-first from the cell of largest norm), then each word joins the
 * group whose cells it moves most (largest mean |update|).
 */
public final class CoClusters {

    /** One group: its cells and its words, ascending and by strength. */
    public record Group(@JsonProperty("cells") List<Integer> cells, @JsonProperty("words") List<String> words) {
        public Group {
            cells = List.copyOf(cells);
            words = List.copyOf(words);
        }
    }

    private static final int MAX_ITERATIONS = 100;

    private CoClusters() {}

    /** At most {@code k} groups, largest first; groups left without cells are dropped. */
    public static List<Group> of(WordUpdates updates, int k) {
        double[][] points = updates.update();
        if (points.length == 0 || updates.words().isEmpty()) {
            return List.of();
        }
        int[] assignment = kMeans(points, Math.min(k, points.length));
        int groups = 0;
        for (int a : assignment) {
            groups = Math.max(groups, a + 1);
        }
        List<List<Integer>> cells = new ArrayList<>();
        List<List<String>> words = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            cells.add(new ArrayList<>());
            words.add(new ArrayList<>());
        }
        for (int c = 0; c < assignment.length; c++) {
            cells.get(assignment[c]).add(c);
        }
        double[][] strength = new double[updates.words().size()][groups];
        for (int w = 0; w < strength.length; w++) {
            int best = -1;
            for (int g = 0; g < groups; g++) {
                for (int c : cells.get(g)) {
                    strength[w][g] += Math.abs(points[c][w]) / cells.get(g).size();
                }
                if (!cells.get(g).isEmpty() && (best < 0 || strength[w][g] > strength[w][best])) {
                    best = g;
                }
            }
            words.get(best).add(updates.words().get(w));
        }
        List<Group> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            final int group = g;
            List<String> byStrength = new ArrayList<>(words.get(g));
            byStrength.sort(Comparator.comparingDouble(
                    (String w) -> -strength[updates.words().indexOf(w)][group]).thenComparing(w -> w));
            if (!cells.get(g).isEmpty()) {
                out.add(new Group(cells.get(g), byStrength));
            }
        }
        out.sort(Comparator.comparingInt((Group g) -> -g.cells().size()).thenComparingInt(g -> g.cells().get(0)));
        return List.copyOf(out);
    }

    /** Each point's group among {@code k}, Lloyd's iterations from farthest-first centres. */
    static int[] kMeans(double[][] points, int k) {
        double[][] centres = farthestFirst(points, k);
        int[] assignment = new int[points.length];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean changed = false;
            for (int p = 0; p < points.length; p++) {
                int nearest = nearest(points[p], centres);
                changed |= nearest != assignment[p] || iteration == 0;
                assignment[p] = nearest;
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[k][points[0].length];
            int[] counts = new int[k];
            for (int p = 0; p < points.length; p++) {
                counts[assignment[p]]++;
                for (int d = 0; d < points[p].length; d++) {
                    sums[assignment[p]][d] += points[p][d];
                }
            }
            for (int g = 0; g < k; g++) {
                if (counts[g] > 0) { // an emptied group keeps its centre
                    for (int d = 0; d < sums[g].length; d++) {
                        centres[g][d] = sums[g][d] / counts[g];
                    }
                }
            }
        }
        return assignment;
    }

    private static double[][] farthestFirst(double[][] points, int k) {
        double[][] centres = new double[k][];
        int first = 0;
        for (int p = 1; p < points.length; p++) {
            if (squaredNorm(points[p]) > squaredNorm(points[first])) {
                first = p;
            }
        }
        centres[0] = points[first].clone();
        for (int g = 1; g < k; g++) {
            int farthest = 0;
            double distance = -1;
            for (int p = 0; p < points.length; p++) {
                double d = squaredDistance(points[p], centres[nearest(points[p], java.util.Arrays.copyOf(centres, g))]);
                if (d > distance) {
                    distance = d;
                    farthest = p;
                }
            }
            centres[g] = points[farthest].clone();
        }
        return centres;
    }

    private static int nearest(double[] point, double[][] centres) {
        int best = 0;
        for (int g = 1; g < centres.length; g++) {
            if (squaredDistance(point, centres[g]) < squaredDistance(point, centres[best])) {
                best = g;
            }
        }
        return best;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return sum;
    }

    private static double squaredNorm(double[] a) {
        return squaredDistance(a, new double[a.length]);
    }
}
