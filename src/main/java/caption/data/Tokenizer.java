package caption.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a caption into lowercase word tokens for the decoder: punctuation is dropped. */
public final class Tokenizer {

    private Tokenizer() {}

    public static List<String> tokens(String caption) {
        String cleaned = caption.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ");
        List<String> tokens = new ArrayList<>();
        for (String t : cleaned.strip().split("\\s+")) {
            String word = t.replaceAll("^'+|'+$", "");
            if (!word.isEmpty()) {
                tokens.add(word);
            }
        }
        return tokens;
    }
}
