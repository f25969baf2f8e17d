package caption.video;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Captions a live source as its frames arrive. A decoding thread reads frames and lets the sampler
 * choose some; the calling thread runs the model on the newest chosen frame ({@link NewestSample}:
 * a frame chosen while the model is busy replaces the waiting one, which is dropped). A caption is
 * handed on as soon as it is made, only when it differs from the previous one.
 *
 * <p>A network stream that drops (an error, its end, or {@value LiveSource#STALL_MICROS} us without
 * data) is reopened after 1, 2, 4, 8, 16 s, until {@code reconnectMicros} have passed since the drop;
 * then the run fails. Standard input and cameras end at their end of stream; a read error fails.
 */
public final class LiveCaptioner {

    /** A caption handed on: stream time of its frame, the text, ms from the frame's decoding to now, drops so far. */
    public record Line(long timeMicros, String caption, long latencyMillis, int dropped) {
        public Line {
            if (timeMicros < 0 || caption == null || latencyMillis < 0 || dropped < 0) {
                throw new IllegalArgumentException("bad live caption line");
            }
        }
    }

    /** A run's figures: frames decoded, captions made (and handed on), samples dropped, latency of every caption. */
    public record Summary(int frames, int captioned, int printed, int dropped, List<Long> latencyMillis) {
        public Summary {
            latencyMillis = List.copyOf(latencyMillis);
        }

        /** The {@code p}-th percentile (0..100) of the latencies, nearest rank; 0 without captions. */
        public long percentile(double p) {
            if (latencyMillis.isEmpty()) {
                return 0;
            }
            List<Long> sorted = new ArrayList<>(latencyMillis);
            Collections.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d frames, %d captions (%d lines), %d dropped; latency p50 %d ms, p95 %d ms",
                    frames, captioned, printed, dropped, percentile(50), percentile(95));
        }
    }

    private static final int WARM_UP_CAPTIONS = 3;
    private static final int WARM_UP_SIZE = 224;

    private final Captioner captioner;
    private final CaptionOptions options;
    private final Supplier<FrameSampler> samplers;
    private final long reconnectMicros;
    private final NewestSample slot = new NewestSample();
    private volatile boolean stopping;
    private volatile int frames;
    private volatile LiveException failure;

    /** {@code samplers} makes a fresh sampler for each opening of the source. */
    public LiveCaptioner(Captioner captioner, CaptionOptions options, Supplier<FrameSampler> samplers,
            long reconnectMicros) {
        if (reconnectMicros <= 0) {
            throw new IllegalArgumentException("the reconnect time must be positive");
        }
        this.captioner = captioner;
        this.options = options;
        this.samplers = samplers;
        this.reconnectMicros = reconnectMicros;
    }

    /**
     * Opens {@code source} (a failure throws before any caption) and captions it until its end or
     * {@link #stop}, handing each new caption to {@code lines} on this thread.
     */
    public Summary run(LiveSource source, InputStream stdin, Consumer<Line> lines) throws LiveException {
        warmUp();
        LiveStream first = LiveStream.open(source, stdin);
        Thread decoding = new Thread(() -> decode(source, stdin, first), "live-decoding");
        decoding.setDaemon(true); // a read blocked on a silent pipe must not keep the JVM alive after a stop
        decoding.start();
        List<Long> latencies = new ArrayList<>();
        int printed = 0;
        String previous = null;
        try {
            NewestSample.Sample sample;
            while ((sample = slot.take()) != null) {
                String text = captioner.captionImages(List.of(sample.image()), options).get(0).text();
                long latency = Math.max(0, (System.nanoTime() - sample.decodedNanos()) / 1_000_000);
                latencies.add(latency);
                if (!text.equals(previous)) {
                    lines.accept(new Line(sample.timeMicros(), text, latency, slot.dropped()));
                    previous = text;
                    printed++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null && !stopping) {
            throw failure;
        }
        return new Summary(frames, latencies.size(), printed, slot.dropped(), latencies);
    }

    /**
     * Captions a blank frame a few times before the source opens: the model's first calls in a
     * fresh process (native set-up, compilation) take seconds, which would drop the first scenes.
     */
    private void warmUp() {
        BufferedImage blank = new BufferedImage(WARM_UP_SIZE, WARM_UP_SIZE, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < WARM_UP_CAPTIONS; i++) {
            captioner.captionImages(List.of(blank), options);
        }
    }

    /** Ends the run soon: the caption being made is still handed on, nothing after it. */
    public void stop() {
        stopping = true;
        slot.close(true);
    }

    /** Whether {@link #stop} ended the run (Ctrl-C), rather than the source. */
    public boolean stopped() {
        return stopping;
    }

    private void decode(LiveSource source, InputStream stdin, LiveStream first) {
        LiveStream stream = first;
        long offsetMicros = 0;
        try {
            while (stream != null && !stopping) {
                LiveException dropped = follow(stream, offsetMicros);
                offsetMicros += stream.lastMicros();
                stream.close();
                stream = null;
                if (dropped != null && !source.reopens()) {
                    failure = dropped;
                } else if (source.reopens() && !stopping) {
                    stream = reopen(source, stdin, dropped, offsetMicros);
                }
            }
        } catch (LiveException e) {
            failure = e;
        } finally {
            if (stream != null) {
                stream.close();
            }
            slot.close(false); // the end of the stream: the waiting sample is still captioned
        }
    }

    /** Reads one opening to its end; returns the error that ended it, or null at the end of the stream. */
    private LiveException follow(LiveStream stream, long offsetMicros) {
        FrameSampler sampler = samplers.get();
        try {
            LiveStream.LiveFrame frame;
            while (!stopping && (frame = stream.next()) != null) {
                frames++;
                Supplier<BufferedImage> pixels = VideoCaptioner.memo(frame.pixels());
                long time = offsetMicros + frame.timeMicros();
                if (sampler.take(time, pixels)) {
                    slot.offer(new NewestSample.Sample(time, frame.decodedNanos(), pixels.get()));
                }
            }
            return null;
        } catch (LiveException e) {
            return e;
        }
    }

    /** Tries to open the source again after 1, 2, 4, 8, ... s, until the reconnect time has passed. */
    private LiveStream reopen(LiveSource source, InputStream stdin, LiveException why, long lostAtMicros)
            throws LiveException {
        long start = System.nanoTime();
        long waitMillis = 1000;
        String last = why != null ? why.getMessage() : "end of stream";
        while (!stopping) {
            long leftMillis = reconnectMicros / 1000 - (System.nanoTime() - start) / 1_000_000;
            if (leftMillis <= 0) {
                break;
            }
            sleep(Math.min(waitMillis, leftMillis));
            waitMillis *= 2;
            try {
                return LiveStream.open(source, stdin);
            } catch (LiveException e) {
                last = e.getMessage();
            }
        }
        if (stopping) {
            return null;
        }
        throw new LiveException(source, String.format(Locale.ROOT, "stream lost after %.1f s; reopening failed for %.0f s (last: %s)",
                lostAtMicros / 1e6, (System.nanoTime() - start) / 1e9, withoutSource(last)));
    }

    /** "reason" of a "source: reason" message. */
    private static String withoutSource(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            stopping = true;
        }
    }
}
