package caption.serve;

import caption.api.CaptionOptions;
import caption.api.SearchOption;
import caption.search.SearchSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A captions request's options from its query string or form fields: the search options of
 * {@link SearchOption} by their fields ({@code beam}, {@code max_length}, {@code min_length},
 * {@code block_trigrams}, {@code length_alpha}, {@code method}, {@code temperature}, {@code n_best}),
 * and {@code model}, {@code attention}, {@code lstm}. An unknown option, a value out of range or
 * values that contradict each other are a 400 naming them.
 */
record RequestOptions(String model, CaptionOptions caption) {

    static final String MODEL = "model";
    static final String ATTENTION = "attention";
    static final String LSTM = "lstm";
    /** Every field a request may give, the search options first. */
    static final List<String> NAMES = Stream.concat(Stream.of(SearchOption.values()).map(SearchOption::field),
            Stream.of(ATTENTION, LSTM, MODEL)).toList();

    /** @param fields each option's values; {@code defaultModel} when none is named */
    static RequestOptions parse(Map<String, List<String>> fields, String defaultModel, long maxPixels) {
        for (String name : fields.keySet()) {
            if (!NAMES.contains(name)) {
                throw new ApiError(400, "unknown option '" + name + "' (known: " + String.join(", ", NAMES) + ")");
            }
        }
        Map<SearchOption, Object> given = new EnumMap<>(SearchOption.class);
        for (SearchOption option : SearchOption.values()) {
            String value = single(fields, option.field());
            if (value != null) {
                given.put(option, value(option, value));
            }
        }
        given.putIfAbsent(SearchOption.N_BEST, defaultNBest(given));
        CaptionOptions.Builder options = CaptionOptions.builder().maxPixels(maxPixels)
                .attention(flag(fields, ATTENTION)).lstm(flag(fields, LSTM));
        given.forEach((option, value) -> option.apply(options, value));
        String model = single(fields, MODEL);
        try {
            return new RequestOptions(model != null ? model : defaultModel, options.build());
        } catch (IllegalArgumentException e) { // values that contradict each other
            throw new ApiError(400, e.getMessage());
        }
    }

    /** Every alternative the search keeps: the beam width given, one for greedy, else all the model's beam holds. */
    private static int defaultNBest(Map<SearchOption, Object> given) {
        if (given.get(SearchOption.BEAM) instanceof Integer beam) {
            return beam;
        }
        return SearchSettings.GREEDY.equals(given.get(SearchOption.METHOD)) ? 1 : (int) SearchOption.N_BEST.max();
    }

    private static Object value(SearchOption option, String text) {
        try {
            return option.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "option '" + option.field() + "' " + e.getMessage());
        }
    }

    private static String single(Map<String, List<String>> fields, String name) {
        List<String> values = fields.getOrDefault(name, new ArrayList<>());
        if (values.size() > 1) {
            throw new ApiError(400, "option '" + name + "' given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0).strip();
    }

    private static boolean flag(Map<String, List<String>> fields, String name) {
        String value = single(fields, name);
        try {
            return value != null && SearchOption.parseFlag(value);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "option '" + name + "' " + e.getMessage());
        }
    }
}
