package caption.api;

import caption.search.SearchSettings;
import java.util.List;
import java.util.Locale;

/**
 * The options of a caption search, each defined once: its HTTP field, its command-line flag (none
 * for an option only the HTTP API takes), the kind and range of its values and what it means. The
 * CLI's search options and the server's request options both read values through {@link #parse}
 * and set them with {@link #apply}; {@link CaptionOptions} then checks them together.
 */
public enum SearchOption {
    BEAM("beam", "--beam", Kind.WHOLE, 1, 20, "Beam width; 1 is greedy; for sample, the number of captions drawn"),
    MAX_LENGTH("max_length", "--max-length", Kind.WHOLE, 1, 50, "Longest caption in words"),
    MIN_LENGTH("min_length", "--min-length", Kind.WHOLE, 0, 50, "Fewest words before a caption may end"),
    BLOCK_TRIGRAMS("block_trigrams", "--block-trigrams", Kind.FLAG, 0, 1,
            "Rule out a word that would repeat a trigram of the caption"),
    LENGTH_ALPHA("length_alpha", "--length-alpha", Kind.NUMBER, 0, 5, "Rank finished captions by log-probability / "
            + "length^alpha: 0 by log-probability alone, more favours longer captions"),
    METHOD("method", "--method", Kind.CHOICE, 0, 0, "Search method: beam, greedy (one caption, the likeliest word "
            + "each step) or sample (beam-many captions drawn at random)"),
    TEMPERATURE("temperature", "--temperature", Kind.NUMBER, 0.01, 10,
            "With method sample: below 1 draws likelier words, above 1 more varied ones"),
    N_BEST("n_best", null, Kind.WHOLE, 1, 20, "Alternatives returned, at most the beam width");

    /** The kinds of value an option takes. */
    public enum Kind { WHOLE, NUMBER, FLAG, CHOICE }

    static final List<String> METHODS = List.of(SearchSettings.BEAM, SearchSettings.GREEDY, SearchSettings.SAMPLE);

    private final String field;
    private final String flag;
    private final Kind kind;
    private final double min;
    private final double max;
    private final String description;

    SearchOption(String field, String flag, Kind kind, double min, double max, String description) {
        this.field = field;
        this.flag = flag;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    /** The HTTP API's query parameter or form field. */
    public String field() {
        return field;
    }

    /** The command-line flag, or null for an option of the HTTP API alone. */
    public String flag() {
        return flag;
    }

    public Kind kind() {
        return kind;
    }

    /** The largest value allowed, for a number. */
    public double max() {
        return max;
    }

    public String description() {
        return description;
    }

    /** The values allowed, as an error or the docs would say them: "a whole number from 1 to 20". */
    public String range() {
        return switch (kind) {
            case WHOLE -> "a whole number from " + number(min) + " to " + number(max);
            case NUMBER -> "a number from " + number(min) + " to " + number(max);
            case FLAG -> "true or false";
            case CHOICE -> String.join(", ", METHODS.subList(0, METHODS.size() - 1)) + " or " + METHODS.get(METHODS.size() - 1);
        };
    }

    /**
     * The value {@code text} stands for: an Integer, Double, Boolean or String by {@link #kind()}. A
     * flag's empty text is true (a bare {@code ?block_trigrams}).
     *
     * @throws IllegalArgumentException "must be RANGE, not 'TEXT'", for the caller to prefix with the option's name
     */
    public Object parse(String text) {
        String value = text.strip();
        Object parsed = switch (kind) {
            case WHOLE -> inRange(wholeNumber(value));
            case NUMBER -> inRange(number(value));
            case FLAG -> flagValue(value);
            case CHOICE -> METHODS.contains(value.toLowerCase(Locale.ROOT)) ? value.toLowerCase(Locale.ROOT) : null;
        };
        if (parsed == null) {
            throw new IllegalArgumentException("must be " + range() + ", not '" + text + "'");
        }
        return parsed;
    }

    /** Sets a value {@link #parse} gave on the builder. */
    public void apply(CaptionOptions.Builder options, Object value) {
        switch (this) {
            case BEAM -> options.beam((Integer) value);
            case MAX_LENGTH -> options.maxLength((Integer) value);
            case MIN_LENGTH -> options.minLength((Integer) value);
            case BLOCK_TRIGRAMS -> options.blockTrigrams((Boolean) value);
            case LENGTH_ALPHA -> options.lengthAlpha((Double) value);
            case METHOD -> options.method((String) value);
            case TEMPERATURE -> options.temperature((Double) value);
            case N_BEST -> options.nBest((Integer) value);
        }
    }

    /** This option's value in a model's own search, as help would show it; null for one the search lacks. */
    public String modelDefault(SearchSettings search) {
        return switch (this) {
            case BEAM -> Integer.toString(search.beamSize());
            case MAX_LENGTH -> Integer.toString(search.maxLength());
            case MIN_LENGTH -> Integer.toString(search.minLength());
            case BLOCK_TRIGRAMS -> search.blockTrigrams() ? "on" : "off";
            case LENGTH_ALPHA -> number(search.lengthAlpha());
            case METHOD -> search.method();
            case TEMPERATURE -> number(search.temperature());
            case N_BEST -> null;
        };
    }

    private Object inRange(Number n) {
        return n != null && n.doubleValue() >= min && n.doubleValue() <= max ? n : null;
    }

    private static Integer wholeNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double number(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A yes-or-no value as {@link #parse} reads a flag: true, 1, on or nothing; false, 0 or off. */
    public static boolean parseFlag(String text) {
        Boolean on = flagValue(text.strip());
        if (on == null) {
            throw new IllegalArgumentException("must be " + BLOCK_TRIGRAMS.range() + ", not '" + text + "'");
        }
        return on;
    }

    private static Boolean flagValue(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "on" -> true;
            case "false", "0", "off" -> false;
            default -> null;
        };
    }

    /** 5 rather than 5.0, 0.7 as 0.7. */
    static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
