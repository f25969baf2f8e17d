package caption.video;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How cues are written: SubRip ({@code 00:00:02,000 --> 00:00:04,000}), WebVTT
 * ({@code 00:00:02.000 --> 00:00:04.000} after a {@code WEBVTT} header) or JSON lines
 * ({@code {"video":...,"start":2.0,"end":4.0,"caption":...}}, one line per cue).
 */
public enum CueFormat {
    SRT("srt"),
    VTT("vtt"),
    JSONL("jsonl");

    private final String extension;

    CueFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** {@code srt}, {@code vtt} (or {@code webvtt}) or {@code jsonl} (or {@code json}). */
    public static CueFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "srt" -> SRT;
            case "vtt", "webvtt" -> VTT;
            case "jsonl", "json" -> JSONL;
            default -> throw new IllegalArgumentException("not a cue format: " + name);
        };
    }

    /** Whether one stream can hold the cues of several videos (JSON lines name their video; subtitle files cannot). */
    public boolean holdsManyVideos() {
        return this == JSONL;
    }

    /** A whole file (SRT, WebVTT) or the lines (JSON lines) of one video's cues. */
    public void write(Writer out, String video, List<Cue> cues) throws IOException {
        StringBuilder text = new StringBuilder();
        if (this == VTT) {
            text.append("WEBVTT\n\n");
        }
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            switch (this) {
                case SRT -> text.append(i + 1).append('\n')
                        .append(time(cue.startMicros(), ',')).append(" --> ").append(time(cue.endMicros(), ',')).append('\n')
                        .append(cue.text()).append("\n\n");
                case VTT -> text.append(time(cue.startMicros(), '.')).append(" --> ").append(time(cue.endMicros(), '.'))
                        .append('\n').append(cue.text()).append("\n\n");
                case JSONL -> text.append(jsonLine(video, cue)).append('\n');
            }
        }
        out.write(text.toString());
        out.flush();
    }

    /** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (WebVTT), rounded to the millisecond. */
    static String time(long micros, char separator) {
        long ms = Math.round(micros / 1000.0);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                separator, ms % 1000);
    }

    private static String jsonLine(String video, Cue cue) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("video", video);
        line.put("start", cue.startMicros() / 1e6);
        line.put("end", cue.endMicros() / 1e6);
        line.put("caption", cue.text());
        try {
            return Json.COMPACT.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failed video as one JSON line: {@code {"video":...,"error":...}}. */
    public static String errorLine(String video, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("video", video);
        line.put("error", error);
        try {
            return Json.COMPACT.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
