package caption.cli;

import caption.api.Captioner;
import caption.api.RuntimeSettings;
import caption.video.FrameSampler;
import caption.video.LiveCaptioner;
import caption.video.LiveException;
import caption.video.LiveFormat;
import caption.video.LiveSource;
import caption.video.SceneChangeDetector;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ParameterException;

/**
 * {@code caption --live SOURCE}: checks the options that go with it, loads the model and prints
 * each caption as a flushed line. Ctrl-C (or SIGTERM) ends the run through a shutdown hook: the
 * caption being made is printed, then the summary, and the exit status is 0 as at the end of the
 * stream. A source that cannot be opened or fails is one line on stderr, exit 1.
 */
final class LiveRun {

    /** How long the shutdown hook waits for the caption being made and the summary. */
    private static final long STOP_WAIT_SECONDS = 5;

    private final CaptionCommand command;

    LiveRun(CaptionCommand command) {
        this.command = command;
    }

    int run() throws Exception {
        LiveSource source = source();
        LiveFormat format = format();
        Captioner captioner = Captioner.load(command.model, RuntimeSettings.fromEnvironment());
        long every = command.everyMicros != null ? command.everyMicros : 0;
        LiveCaptioner live = new LiveCaptioner(captioner, command.options(captioner, false), () -> every > 0
                ? FrameSampler.every(every) : FrameSampler.scenes(SceneChangeDetector.DEFAULT_THRESHOLD),
                command.reconnectMicros);
        PrintWriter out = command.spec.commandLine().getOut();
        PrintWriter err = command.spec.commandLine().getErr();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> stopOnSignal(live, finished, out, err), "live-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LiveCaptioner.Summary summary = live.run(source, command.stdin, line -> {
                out.println(format.line(line));
                out.flush();
            });
            err.println("caption: " + source.describe() + (live.stopped() ? " stopped: " : " ended: ") + summary.describe());
            return Cli.OK;
        } catch (LiveException e) {
            err.println("caption: " + e.getMessage());
            return Cli.FAILED;
        } finally {
            out.flush();
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process
            }
        }
    }

    /** The shutdown hook: stop, let the run print what it has, exit 0 (a stop is a normal end of a live run). */
    private static void stopOnSignal(LiveCaptioner live, CountDownLatch finished, PrintWriter out, PrintWriter err) {
        live.stop();
        try {
            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            // exit now
        }
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(Cli.OK);
    }

    /** The source, and the options that cannot go with a live run (bad usage). */
    private LiveSource source() {
        String conflict = !command.inputs.isEmpty() ? "IMAGE|FOLDER inputs" : command.filesFrom != null ? "--files-from"
                : command.output != null ? "--output" : command.resume ? "--resume" : command.shard != null ? "--shard"
                : command.attentionMap != null ? "--attention-map" : command.annotations != null ? "--annotations" : null;
        if (command.everyMicros != null && command.scenes) {
            throw new ParameterException(command.spec.commandLine(), "--every and --scenes exclude each other");
        }
        if (conflict != null) {
            throw new ParameterException(command.spec.commandLine(), "--live cannot go with " + conflict);
        }
        try {
            return LiveSource.parse(command.live);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.spec.commandLine(), "--live: " + e.getMessage());
        }
    }

    private LiveFormat format() {
        try {
            return command.format != null ? LiveFormat.parse(command.format) : command.json ? LiveFormat.JSONL : LiveFormat.TEXT;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.spec.commandLine(), "--format for --live must be text or jsonl, not "
                    + command.format);
        }
    }
}
