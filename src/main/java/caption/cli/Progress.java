package caption.cli;

import caption.batch.ImageFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a batch on stderr: a progress bar (count, rate, ETA) only when stderr is a terminal,
 * with messages printed above it; plain message lines otherwise.
 */
final class Progress implements AutoCloseable {

    private final PrintWriter err;
    private final ProgressBar bar;

    private Progress(PrintWriter err, ProgressBar bar) {
        this.err = err;
        this.bar = bar;
    }

    static Progress start(PrintWriter err, ImageFiles files, boolean single) {
        if (single || !stderrIsTerminal()) {
            return new Progress(err, null);
        }
        long total = 0;
        for (ImageFiles.Entry ignored : files) { // a second, cheap walk gives the bar its total and ETA
            total++;
        }
        return new Progress(err, bar("captioning", total, " img"));
    }

    /** The CLI's progress bar on stderr (count, rate, ETA). */
    static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setUnit(unit, 1)
                .build();
    }

    /** Linux names the terminal behind file descriptor 2; elsewhere a console means a terminal. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    void message(String line) {
        if (bar != null) {
            // clear the bar's line, print the message, and let the bar redraw below it
            System.err.print("\r\u001b[K");
            System.err.println(line);
            System.err.flush();
        } else {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
