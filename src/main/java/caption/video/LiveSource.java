package caption.video;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Where a live stream comes from: standard input ({@code -}; MPEG-TS, Matroska, MJPEG and other
 * formats FFmpeg can read without seeking), a URL FFmpeg reads (udp, rtp, rtsp, srt, http, https,
 * tcp) or a V4L2 camera ({@code /dev/videoN}). Only a network stream is reopened when it drops.
 */
public record LiveSource(String text, Kind kind) {

    public enum Kind { STDIN, NETWORK, CAMERA }

    private static final Pattern URL = Pattern.compile("(udp|rtp|rtsp|rtsps|srt|http|https|tcp)://.+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CAMERA = Pattern.compile("/dev/video\\d+");

    /** Microseconds a network read may wait for data before the stream counts as dropped. */
    static final long STALL_MICROS = 5_000_000;
    /**
     * Bytes FFmpeg reads to find the stream's format before the first frame, and no analysis by
     * duration: a static scene's frames are a few hundred bytes, so a 32 KB probe held the first
     * caption back by over a second; with 2 KB it comes about 0.2 s after the first bytes.
     */
    static final int PROBE_BYTES = 2_048;
    static final int PROBE_MICROS = 0;

    public LiveSource {
        if (text == null || text.isBlank() || kind == null) {
            throw new IllegalArgumentException("a live source needs a name and a kind");
        }
    }

    /** {@code -}, a URL or {@code /dev/videoN}; anything else is refused with the accepted forms. */
    public static LiveSource parse(String text) {
        if (text.equals("-")) {
            return new LiveSource(text, Kind.STDIN);
        }
        if (URL.matcher(text).matches()) {
            return new LiveSource(text, Kind.NETWORK);
        }
        if (CAMERA.matcher(text).matches()) {
            return new LiveSource(text, Kind.CAMERA);
        }
        throw new IllegalArgumentException("'" + text + "' is not a live source: give - (standard input), a URL "
                + "(udp, rtp, rtsp, srt, http, tcp) or a camera /dev/videoN");
    }

    /** Whether a drop is followed by reopening: a network stream's server may come back; a pipe or camera will not. */
    public boolean reopens() {
        return kind == Kind.NETWORK;
    }

    /** A grabber not yet started, with a small probe for a prompt start and, over a network, a stall limit. */
    FFmpegFrameGrabber grabber(InputStream stdin) throws LiveException {
        FFmpegFrameGrabber grabber = switch (kind) {
            // no seeking (maximum size 0): a seekable input lets FFmpeg look for the end of the stream to time it, which waits for EOF
            case STDIN -> new FFmpegFrameGrabber(stdin, 0);
            case NETWORK -> networkGrabber();
            case CAMERA -> cameraGrabber();
        };
        grabber.setOption("probesize", Integer.toString(PROBE_BYTES));
        grabber.setOption("analyzeduration", Integer.toString(PROBE_MICROS));
        grabber.setOption("fpsprobesize", "0"); // the frame rate is not needed: frames are timed by their timestamps
        return grabber;
    }

    private FFmpegFrameGrabber networkGrabber() {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(text);
        grabber.setOption("rw_timeout", Long.toString(STALL_MICROS));
        grabber.setOption("timeout", Long.toString(STALL_MICROS));
        return grabber;
    }

    private FFmpegFrameGrabber cameraGrabber() throws LiveException {
        Path device = Path.of(text);
        if (!Files.exists(device)) {
            throw new LiveException(this, "no such camera (the device does not exist)");
        }
        if (!Files.isReadable(device)) {
            throw new LiveException(this, "camera cannot be read (permission denied; is the user in the video group?)");
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(text);
        grabber.setFormat("video4linux2");
        return grabber;
    }

    /** For messages: {@code standard input} or the source as given. */
    public String describe() {
        return kind == Kind.STDIN ? "standard input" : text;
    }
}
