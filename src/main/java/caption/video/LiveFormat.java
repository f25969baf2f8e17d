package caption.video;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How live captions are printed: text ({@code HH:MM:SS.mmm<TAB>caption}, stream time) or JSON lines
 * ({@code {"time":12.04,"caption":"...","latency_ms":85,"dropped":0}}, time in stream seconds).
 */
public enum LiveFormat {
    TEXT,
    JSONL;

    /** {@code text} (or {@code tsv}) or {@code jsonl} (or {@code json}). */
    public static LiveFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text", "tsv" -> TEXT;
            case "jsonl", "json" -> JSONL;
            default -> throw new IllegalArgumentException("not a live format: " + name);
        };
    }

    /** One line, without its line break. */
    public String line(LiveCaptioner.Line line) {
        if (this == TEXT) {
            return CueFormat.time(line.timeMicros(), '.') + "\t" + line.caption();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", line.timeMicros() / 1e6);
        json.put("caption", line.caption());
        json.put("latency_ms", line.latencyMillis());
        json.put("dropped", line.dropped());
        try {
            return Json.COMPACT.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
