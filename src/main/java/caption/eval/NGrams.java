package caption.eval;

import java.util.HashMap;
import java.util.Map;

/** Counts of the 1..n-grams of a tokenised caption, keyed by the n-gram's words joined by spaces. */
final class NGrams {

    private NGrams() {}

    /** Words as the toolkit's {@code str.split()} gives them: none for an empty caption. */
    static String[] words(String caption) {
        String trimmed = caption.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** {@code counts[k]} holds the (k+1)-grams. */
    static Map<String, Integer>[] count(String[] words, int n) {
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] counts = new Map[n];
        for (int k = 1; k <= n; k++) {
            Map<String, Integer> grams = new HashMap<>();
            for (int i = 0; i + k <= words.length; i++) {
                grams.merge(String.join(" ", java.util.Arrays.asList(words).subList(i, i + k)), 1, Integer::sum);
            }
            counts[k - 1] = grams;
        }
        return counts;
    }
}
