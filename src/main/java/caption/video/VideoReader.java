package caption.video;

import static org.bytedeco.ffmpeg.global.avformat.av_stream_get_side_data;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Reads a video's frames with javacv's {@link FFmpegFrameGrabber}, in presentation order with
 * their timestamps (microseconds from the start of the video), turned upright by the stream's
 * rotation (its display matrix, or the older {@code rotate} tag).
 *
 * <p>Before any frame is decoded the container's header is read on its own: a file FFmpeg cannot
 * open is not a video, one with audio streams only has no video stream, and a video whose frames
 * have more than {@code maxPixels} pixels is refused. Afterwards a video with no frames is a
 * zero-length video, and one whose frames stop well before the duration its header states is
 * truncated. Each failure is a {@link VideoException} whose message is {@code path: reason}.
 */
public final class VideoReader {

    /** A video that cannot be captioned; the message is one line, {@code path: reason}. */
    public static final class VideoException extends Exception {
        public VideoException(Path path, String reason) {
            super(path + ": " + reason);
        }
    }

    /** What the header says: frame size (as stored), clockwise rotation to apply, frame rate, duration (0 if unknown). */
    public record Info(int width, int height, int rotation, double frameRate, long durationMicros, String format) {}

    /** Receives each decoded frame; {@code pixels} converts it (upright, a fresh image) only when called. */
    public interface FrameHandler {
        void frame(long timeMicros, Supplier<BufferedImage> pixels) throws VideoException;
    }

    /** The video read: its header, the number of frames decoded and the end of the last frame. */
    public record Result(Info info, int frames, long endMicros) {}

    private VideoReader() {}

    /** Decodes every frame of {@code path} into {@code handler}. */
    public static Result read(Path path, long maxPixels, FrameHandler handler) throws VideoException {
        FfmpegLog.install();
        if (!Files.exists(path)) {
            throw new VideoException(path, Files.isSymbolicLink(path) ? "broken symbolic link" : "does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new VideoException(path, "is a folder, not a video");
        }
        if (!Files.isReadable(path)) {
            throw new VideoException(path, "cannot be read (permission denied)");
        }
        try {
            if (Files.size(path) == 0) {
                throw new VideoException(path, "empty file (0 bytes), not a video");
            }
        } catch (java.io.IOException e) {
            throw new VideoException(path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String url = "file:" + path.toAbsolutePath();
        Probe probe = probe(path, url, maxPixels);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
        try {
            FfmpegLog.clear();
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoException(path, startFailure(path, probe, e));
            }
            if (!grabber.hasVideo()) {
                throw new VideoException(path, grabber.hasAudio() ? "no video stream (audio only)" : "no video stream");
            }
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            checkPixels(path, width, height, maxPixels);
            int rotation = probe.video() ? probe.rotation() : tagRotation(grabber.getVideoMetadata("rotate"));
            Info info = new Info(width, height, rotation, grabber.getVideoFrameRate(), duration(grabber),
                    grabber.getFormat());
            return decode(path, grabber, info, handler);
        } finally {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception | RuntimeException ignored) {
                // nothing more to read from it
            }
        }
    }

    private static Result decode(Path path, FFmpegFrameGrabber grabber, Info info, FrameHandler handler)
            throws VideoException {
        Java2DFrameConverter converter = new Java2DFrameConverter();
        long start = startTime(grabber);
        int frames = 0;
        long last = -1;
        long previous = -1;
        long interval = info.frameRate() > 0 ? Math.round(1e6 / info.frameRate()) : 40_000;
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoException(path, String.format(Locale.ROOT, "damaged or truncated after %.1f s (%s)",
                        Math.max(0, last) / 1e6, reason(e)));
            }
            if (frame == null) {
                break;
            }
            if (frame.image == null) {
                continue;
            }
            long time = Math.max(0, frame.timestamp - start);
            if (time < last) {
                time = last; // a timestamp going backwards (damaged stream) does not reorder the samples
            }
            previous = last;
            last = time;
            frames++;
            Frame current = frame;
            handler.frame(time, () -> upright(copy(converter.getBufferedImage(current)), info.rotation()));
        }
        if (frames == 0) {
            throw new VideoException(path, "zero-length video (no frames)");
        }
        long frameLength = previous >= 0 && last > previous ? Math.min(last - previous, interval * 4) : interval;
        long end = last + frameLength;
        long stated = info.durationMicros();
        if (stated > 0 && stated - end > Math.max(1_000_000, stated / 10)) {
            throw new VideoException(path, String.format(Locale.ROOT,
                    "truncated: frames stop at %.1f s of the %.1f s its header states", end / 1e6, stated / 1e6));
        }
        if (stated > end && stated - end <= Math.max(1_000_000, stated / 10)) {
            end = stated;
        }
        return new Result(info, frames, end);
    }

    /** What the container's header says before decoding: whether it has a video stream, and its rotation. */
    private record Probe(boolean video, int rotation) {}

    /**
     * Opens the container without decoding: whether it has a video stream yet (some raw streams
     * show theirs only once decoding starts) and the clockwise rotation; refuses what is not a
     * video, audio only, or over the pixel limit.
     */
    private static Probe probe(Path path, String url, long maxPixels) throws VideoException {
        AVFormatContext context = new AVFormatContext(null);
        FfmpegLog.clear();
        int code = avformat_open_input(context, url, null, null);
        if (code < 0) {
            String detail = FfmpegLog.describe(code) + logged();
            boolean cutShort = code == avutil.AVERROR_EOF() || code == -5; // AVERROR(EIO): the file ended inside the header
            throw new VideoException(path, unfinishedMp4(path) ? UNFINISHED_MP4
                    : cutShort ? "truncated or damaged video (" + detail + ")"
                    : "not a video FFmpeg can read (" + detail + ")");
        }
        try {
            boolean audio = false;
            int streams = context.nb_streams();
            for (int i = 0; i < streams; i++) {
                AVStream stream = context.streams(i);
                AVCodecParameters parameters = stream.codecpar();
                if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                        && (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                    checkPixels(path, parameters.width(), parameters.height(), maxPixels);
                    return new Probe(true, displayRotation(stream));
                }
                audio |= parameters.codec_type() == avutil.AVMEDIA_TYPE_AUDIO;
            }
            if (audio) {
                throw new VideoException(path, "no video stream (audio only)");
            }
            return new Probe(false, 0);
        } finally {
            avformat_close_input(context);
        }
    }

    private static final String UNFINISHED_MP4 = "truncated or unfinished MP4 (its index, the moov box, is missing)";

    /** Why FFmpeg could not start decoding a file whose header was read. */
    private static String startFailure(Path path, Probe probe, Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Did not find a video or audio stream")) {
            if (probe.video()) {
                return "zero-length video (no frames)";
            }
            return unfinishedMp4(path) ? UNFINISHED_MP4 : "no video stream";
        }
        return (probe.video() ? "truncated or damaged video (" : "not a video FFmpeg can read (") + reason(e) + ")";
    }

    /** Whether the file starts as an MP4 / QuickTime file does, with an {@code ftyp} box. */
    private static boolean unfinishedMp4(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 && new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ftyp");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** FFmpeg's last logged error, without its "[demuxer @ 0x...]" prefix, as "; detail", or "". */
    private static String logged() {
        String line = FfmpegLog.lastError();
        return line == null ? "" : "; " + line.replaceAll("^\\[[^\\]]*@ 0x[0-9a-f]+\\]\\s*", "");
    }

    private static void checkPixels(Path path, int width, int height, long maxPixels) throws VideoException {
        if ((long) width * height > maxPixels) {
            throw new VideoException(path, String.format(Locale.ROOT,
                    "%d x %d video is larger than the limit of %,d pixels (--max-pixels)", width, height, maxPixels));
        }
    }

    /** Degrees to turn the stored frame clockwise for display, from the stream's display matrix (0 if none). */
    private static int displayRotation(AVStream stream) {
        BytePointer matrix = av_stream_get_side_data(stream, avcodec.AV_PKT_DATA_DISPLAYMATRIX, null);
        if (matrix == null || matrix.isNull()) {
            return 0;
        }
        double counterClockwise = avutil.av_display_rotation_get(new IntPointer(matrix));
        return Double.isNaN(counterClockwise) ? 0 : normalise(-counterClockwise);
    }

    private static int tagRotation(String tag) {
        try {
            return tag == null ? 0 : normalise(Double.parseDouble(tag.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** To 0, 90, 180 or 270. */
    static int normalise(double degrees) {
        long quarter = Math.round(degrees / 90.0);
        return (int) Math.floorMod(quarter, 4L) * 90;
    }

    private static long duration(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        int index = grabber.getVideoStream();
        if (context != null && index >= 0 && index < context.nb_streams()) {
            AVStream stream = context.streams(index);
            if (stream.duration() > 0 && stream.duration() != avutil.AV_NOPTS_VALUE) {
                return stream.duration() * 1_000_000L * stream.time_base().num() / stream.time_base().den();
            }
        }
        return Math.max(0, grabber.getLengthInTime());
    }

    /** The container's start time (MPEG-TS streams rarely start at 0), in microseconds. */
    static long startTime(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        long start = context == null ? avutil.AV_NOPTS_VALUE : context.start_time();
        return start == avutil.AV_NOPTS_VALUE || start < 0 ? 0 : start;
    }

    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        message = message.replaceAll("\\s+", " ");
        for (String hint : new String[] {" (Has setFormat", " (For more details"}) {
            int at = message.indexOf(hint);
            message = at < 0 ? message : message.substring(0, at);
        }
        return message + logged();
    }

    /** A copy the converter will not overwrite with the next frame, in 8-bit BGR. */
    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] from = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            byte[] to = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            System.arraycopy(from, 0, to, 0, Math.min(from.length, to.length));
        } else {
            out.getGraphics().drawImage(image, 0, 0, null);
        }
        return out;
    }

    /** {@code image} turned {@code degrees} (0, 90, 180, 270) clockwise. */
    static BufferedImage upright(BufferedImage image, int degrees) {
        if (degrees == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean quarter = degrees != 180;
        BufferedImage out = new BufferedImage(quarter ? h : w, quarter ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                switch (degrees) {
                    case 90 -> out.setRGB(h - 1 - y, x, row[x]);
                    case 180 -> out.setRGB(w - 1 - x, h - 1 - y, row[x]);
                    default -> out.setRGB(y, w - 1 - x, row[x]);
                }
            }
        }
        return out;
    }
}
