package caption.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Pearson's r of a signal with every cell of every state type, strongest first. */
public final class Correlations {

    private Correlations() {}

    /**
     * The {@code top} cells whose |r| with {@code signal} is largest over all rows; cells that never
     * change are left out (r has no value), and a constant signal gives none.
     */
    public static List<CellCorrelation> strongest(Signal signal, StateRows rows, int top) {
        double[] x = signal.values();
        int n = x.length;
        double meanX = 0;
        for (double v : x) {
            meanX += v;
        }
        meanX /= n;
        double[] dx = new double[n];
        double sxx = 0;
        for (int r = 0; r < n; r++) {
            dx[r] = x[r] - meanX;
            sxx += dx[r] * dx[r];
        }
        List<CellCorrelation> all = new ArrayList<>();
        if (sxx == 0) {
            return all;
        }
        for (StateType type : StateType.values()) {
            double[] r = correlations(dx, sxx, rows, type);
            for (int c = 0; c < r.length; c++) {
                if (!Double.isNaN(r[c])) {
                    all.add(new CellCorrelation(c, type.dataset(), Math.max(-1, Math.min(1, r[c]))));
                }
            }
        }
        all.sort(Comparator.comparingDouble((CellCorrelation c) -> -Math.abs(c.r()))
                .thenComparing(CellCorrelation::state).thenComparingInt(CellCorrelation::cell));
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    /** r per cell given the signal's deviations {@code dx} and their sum of squares; NaN for a constant cell. */
    private static double[] correlations(double[] dx, double sxx, StateRows rows, StateType type) {
        int cells = rows.cells();
        double[] mean = new double[cells];
        for (int r = 0; r < dx.length; r++) {
            float[] row = rows.row(type, r);
            for (int c = 0; c < cells; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < cells; c++) {
            mean[c] /= dx.length;
        }
        double[] sxy = new double[cells];
        double[] syy = new double[cells];
        for (int r = 0; r < dx.length; r++) {
            float[] row = rows.row(type, r);
            for (int c = 0; c < cells; c++) {
                double dy = row[c] - mean[c];
                sxy[c] += dx[r] * dy;
                syy[c] += dy * dy;
            }
        }
        double[] out = new double[cells];
        for (int c = 0; c < cells; c++) {
            out[c] = syy[c] == 0 ? Double.NaN : sxy[c] / Math.sqrt(sxx * syy[c]);
        }
        return out;
    }
}
