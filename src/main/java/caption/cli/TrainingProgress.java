package caption.cli;

import caption.train.TrainLog;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A training progress bar on stderr (epoch, step, loss, rate, ETA), only when stderr is a terminal. */
final class TrainingProgress implements TrainLog.ProgressView, AutoCloseable {

    private final boolean terminal = Progress.stderrIsTerminal();
    private ProgressBar bar;

    static TrainingProgress start() {
        return new TrainingProgress();
    }

    @Override
    public void update(int epoch, long step, long totalSteps, double loss) {
        if (!terminal) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500).showSpeed().setUnit(" steps", 1).build();
        }
        bar.stepTo(step);
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d, loss %.3f", epoch, loss));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
