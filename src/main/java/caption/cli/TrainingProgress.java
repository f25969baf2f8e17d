package caption.cli;

import caption.train.TrainLog;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

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
            bar = Progress.bar("training", totalSteps, " steps");
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
