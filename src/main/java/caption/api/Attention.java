package caption.api;

import java.util.List;

/**
 * Where an attention model looked while writing a caption: for each word (the last is the end of
 * the caption) its weights over the {@code rows x columns} grid of the image, row by row, summing to 1.
 */
public record Attention(int rows, int columns, List<String> words, float[][] weights) {

    public Attention {
        words = List.copyOf(words);
        if (words.size() != weights.length) {
            throw new IllegalArgumentException("one row of weights per word");
        }
    }
}
