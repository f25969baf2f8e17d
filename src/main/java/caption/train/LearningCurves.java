package caption.train;

import caption.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws training loss, validation loss and validation CIDEr against the step with XChart. */
public final class LearningCurves {

    public static final String FILE = "curves.png";

    private LearningCurves() {}

    public static void write(TrainLog log, Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss (nats per word)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        add(chart, "training loss", log.trainingLoss(), 0, false);
        add(chart, "validation loss", log.validationLoss(), 0, true);
        add(chart, "validation CIDEr", log.validationCider(), 1, true);
        if (!log.validationCider().isEmpty()) {
            chart.setYAxisGroupTitle(1, "CIDEr");
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }

    private static void add(XYChart chart, String name, List<TrainLog.Point> points, int axis, boolean markers) {
        if (points.isEmpty()) {
            return;
        }
        double[] x = points.stream().mapToDouble(TrainLog.Point::step).toArray();
        double[] y = points.stream().mapToDouble(TrainLog.Point::value).toArray();
        XYSeries series = chart.addSeries(name, x, y);
        series.setYAxisGroup(axis);
        series.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
}
