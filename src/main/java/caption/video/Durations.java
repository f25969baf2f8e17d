package caption.video;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m}, {@code 1h}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h)");

    private Durations() {}

    /** The duration in microseconds; a value that is not a positive duration with a unit throws. */
    public static long parseMicros(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 2s, 500ms, 1.5s or 1m");
        }
        double unit = switch (m.group(2)) {
            case "ms" -> 1e3;
            case "s" -> 1e6;
            case "m" -> 60e6;
            default -> 3600e6;
        };
        double micros = Double.parseDouble(m.group(1)) * unit;
        if (micros < 1000 || micros > 24 * 3600e6) {
            throw new IllegalArgumentException("'" + text + "' must be between 1ms and 24h");
        }
        return Math.round(micros);
    }

    /** {@code 1.5 s}, {@code 500 ms}: for messages. */
    public static String format(long micros) {
        return micros % 1_000_000 == 0 ? micros / 1_000_000 + " s"
                : micros < 1_000_000 ? String.format(Locale.ROOT, "%d ms", micros / 1000)
                : String.format(Locale.ROOT, "%.3f s", micros / 1e6);
    }
}
