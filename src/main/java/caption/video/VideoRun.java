package caption.video;

import caption.batch.ImageFiles;
import caption.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Captions videos and folders of videos one after another and writes their cues. One video: to
 * {@code output}, or to the given stream. Several: JSON lines go to one stream or file (each line
 * names its video); SRT and WebVTT go to one file per video, {@code NAME.srt} or {@code NAME.vtt},
 * in the folder {@code output} or else beside the video. A video that cannot be captioned is one
 * line {@code path: reason} on the error stream and the others go on.
 */
public final class VideoRun {

    /** File names a folder run picks up: the common video containers (and animated GIF, when asked for). */
    public static final List<String> VIDEO_EXTENSIONS = List.of("mp4", "m4v", "mov", "mkv", "webm", "avi");

    /** What a run did: videos captioned and failed, seconds of video captioned, wall seconds. */
    public record Summary(int captioned, int failed, double videoSeconds, double seconds) {}

    private final VideoCaptioner captioner;
    private final CueFormat format;
    private final Path output;

    public VideoRun(VideoCaptioner captioner, CueFormat format, Path output) {
        this.captioner = captioner;
        this.format = format;
        this.output = output;
    }

    /** Whether a file name is a video by its extension; GIF counts when {@code gifAsVideo}. */
    public static boolean isVideo(Path path, boolean gifAsVideo) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return VIDEO_EXTENSIONS.contains(extension) || gifAsVideo && extension.equals("gif");
    }

    /** Globs for {@link ImageFiles} that select videos in folders. */
    public static List<String> includes(boolean gifAsVideo) {
        String all = String.join(",", VIDEO_EXTENSIONS) + (gifAsVideo ? ",gif" : "");
        return List.of("*.{" + all + "," + all.toUpperCase(Locale.ROOT) + "}");
    }

    /** Captions every video of {@code videos}; {@code single} when one video file was named. */
    public Summary run(ImageFiles videos, boolean single, PrintWriter out, PrintWriter err) throws IOException {
        long start = System.nanoTime();
        int captioned = 0;
        int failed = 0;
        double videoSeconds = 0;
        Writer stream = null;
        try {
            if (format.holdsManyVideos() || single) {
                stream = output == null ? out : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
            }
            for (ImageFiles.Entry entry : videos) {
                Path video = entry.path();
                if (entry.problem() != null) {
                    failed++;
                    report(err, stream, video, video + ": " + entry.problem());
                    continue;
                }
                try {
                    VideoCaptioner.Result result = captioner.caption(video);
                    if (stream != null) {
                        format.write(stream, video.toString(), result.cues());
                    } else {
                        Path target = fileFor(video);
                        StringWriter text = new StringWriter();
                        format.write(text, video.toString(), result.cues());
                        AtomicFiles.writeString(target, text.toString());
                        err.println(video + " -> " + target);
                    }
                    captioned++;
                    videoSeconds += result.endMicros() / 1e6;
                } catch (VideoReader.VideoException e) {
                    failed++;
                    report(err, stream, video, e.getMessage());
                }
            }
        } finally {
            if (stream != null && stream != out) {
                stream.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!single) {
            err.println(String.format(Locale.ROOT, "captioned %d videos (%.1f s of video), failed %d, in %.1f s (%.2f video s/s)",
                    captioned, videoSeconds, failed, seconds, videoSeconds / Math.max(seconds, 1e-9)));
        }
        err.flush();
        return new Summary(captioned, failed, videoSeconds, seconds);
    }

    private void report(PrintWriter err, Writer stream, Path video, String message) throws IOException {
        err.println(message);
        err.flush();
        if (stream != null && format == CueFormat.JSONL) {
            stream.write(CueFormat.errorLine(video.toString(), message) + "\n");
            stream.flush();
        }
    }

    /** {@code NAME.srt} (or .vtt) in the output folder, or beside the video. */
    private Path fileFor(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String file = (dot > 0 ? name.substring(0, dot) : name) + "." + format.extension();
        Path folder = output != null ? output : video.toAbsolutePath().getParent();
        return folder.resolve(file);
    }

}
