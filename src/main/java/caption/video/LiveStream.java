package caption.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Supplier;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * One opening of a live source: frames with their stream time (microseconds from the first frame
 * of this opening) and the moment each was decoded. Not thread-safe: one decoding thread uses it.
 */
final class LiveStream implements AutoCloseable {

    /** A decoded frame: stream time, {@link System#nanoTime} when it was decoded, its pixels on demand. */
    record LiveFrame(long timeMicros, long decodedNanos, Supplier<BufferedImage> pixels) {
        LiveFrame {
            if (timeMicros < 0 || pixels == null) {
                throw new IllegalArgumentException("a frame needs a time >= 0 and pixels");
            }
        }
    }

    private final LiveSource source;
    private final FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final long startMicros;
    private long lastMicros;

    private LiveStream(LiveSource source, FFmpegFrameGrabber grabber) {
        this.source = source;
        this.grabber = grabber;
        this.startMicros = VideoReader.startTime(grabber);
    }

    /** Opens the source and reads its header; {@code stdin} is read only for {@code -}. */
    static LiveStream open(LiveSource source, InputStream stdin) throws LiveException {
        FfmpegLog.install();
        CountingInput counted = source.kind() == LiveSource.Kind.STDIN ? new CountingInput(stdin) : null;
        FFmpegFrameGrabber grabber = source.grabber(counted);
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
        FfmpegLog.clear();
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            if (counted != null && counted.bytes == 0) {
                throw new LiveException(source, "nothing to read (the input is empty)");
            }
            throw new LiveException(source, "cannot open (" + VideoReader.reason(e) + ")");
        }
        if (!grabber.hasVideo()) {
            release(grabber);
            throw new LiveException(source, grabber.hasAudio() ? "no video stream (audio only)" : "no video stream");
        }
        return new LiveStream(source, grabber);
    }

    /** The next frame, or null at the end of the stream; a read error throws. */
    LiveFrame next() throws LiveException {
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new LiveException(source, String.format(Locale.ROOT, "stopped after %.1f s of stream (%s)",
                        lastMicros / 1e6, VideoReader.reason(e)));
            }
            if (frame == null) {
                return null;
            }
            if (frame.image == null) {
                continue;
            }
            long decoded = System.nanoTime();
            lastMicros = Math.max(lastMicros, frame.timestamp - startMicros); // never backwards
            Frame current = frame;
            return new LiveFrame(lastMicros, decoded, () -> VideoReader.copy(converter.getBufferedImage(current)));
        }
    }

    /** Stream time of the latest frame. */
    long lastMicros() {
        return lastMicros;
    }

    @Override
    public void close() {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing more to read from it
        }
    }

    /** Counts the bytes read, to tell an empty input from one that is not video. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        long bytes;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            bytes += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            bytes += Math.max(0, n);
            return n;
        }
    }
}
