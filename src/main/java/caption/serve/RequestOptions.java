package caption.serve;

import caption.api.CaptionOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A captions request's options from its query string or form fields: {@code model}, {@code beam},
 * {@code max_length}, {@code min_length}, {@code block_trigrams}, {@code length_alpha}, {@code n_best},
 * {@code attention}, {@code lstm}. Anything else, or a value
 * out of range, is a 400 naming it.
 */
record RequestOptions(String model, CaptionOptions caption) {

    static final Set<String> NAMES = Set.of("model", "beam", "max_length", "min_length", "block_trigrams",
            "length_alpha", "n_best", "attention", "lstm");
    static final int MAX_BEAM = 20;
    static final int MAX_WORDS = 50;
    static final double MAX_LENGTH_ALPHA = 5;

    /** @param fields each option's values; {@code defaultModel} when none is named */
    static RequestOptions parse(Map<String, List<String>> fields, String defaultModel, long maxPixels) {
        for (String name : fields.keySet()) {
            if (!NAMES.contains(name)) {
                throw new ApiError(400, "unknown option '" + name + "' (known: beam, max_length, min_length, "
                        + "block_trigrams, length_alpha, n_best, attention, lstm, model)");
            }
        }
        CaptionOptions.Builder options = CaptionOptions.builder().maxPixels(maxPixels);
        Integer beam = count(fields, "beam", MAX_BEAM);
        if (beam != null) {
            options.beam(beam);
        }
        Integer maxLength = count(fields, "max_length", MAX_WORDS);
        if (maxLength != null) {
            options.maxLength(maxLength);
        }
        Integer minLength = count(fields, "min_length", MAX_WORDS);
        if (minLength != null) {
            options.minLength(minLength);
        }
        if (fields.containsKey("block_trigrams")) {
            options.blockTrigrams(flag(fields, "block_trigrams"));
        }
        String alpha = single(fields, "length_alpha");
        if (alpha != null) {
            options.lengthAlpha(lengthAlpha(alpha));
        }
        Integer nBest = count(fields, "n_best", MAX_BEAM);
        options.nBest(nBest != null ? nBest : beam != null ? beam : 3);
        options.attention(flag(fields, "attention")).lstm(flag(fields, "lstm"));
        String model = single(fields, "model");
        return new RequestOptions(model != null ? model : defaultModel, options.build());
    }

    private static String single(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiError(400, "option '" + name + "' given " + values.size() + " times");
        }
        return values.get(0).strip();
    }

    private static Integer count(Map<String, List<String>> fields, String name, int max) {
        String value = single(fields, name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "option '" + name + "' must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    private static double lengthAlpha(String value) {
        try {
            double alpha = Double.parseDouble(value);
            if (alpha >= 0 && alpha <= MAX_LENGTH_ALPHA) {
                return alpha;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "option 'length_alpha' must be a number from 0 to " + (int) MAX_LENGTH_ALPHA + ", not '"
                + value + "'");
    }

    private static boolean flag(Map<String, List<String>> fields, String name) {
        String value = single(fields, name);
        if (value == null || value.equals("false") || value.equals("0")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true") || value.equals("1")) {
            return true;
        }
        throw new ApiError(400, "option '" + name + "' must be true or false, not '" + value + "'");
    }
}
