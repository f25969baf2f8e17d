package caption.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where an attention decoder looked while writing a caption: for each word (and the end), its
 * weights over the {@code rows x cols} grid, row by row, summing to 1.
 */
public record AttentionMap(@JsonProperty("rows") int rows, @JsonProperty("cols") int cols,
        @JsonProperty("words") List<String> words, @JsonProperty("weights") float[][] weights) {

    public AttentionMap {
        if (words.size() != weights.length) {
            throw new IllegalArgumentException("one row of weights per word");
        }
        for (float[] w : weights) {
            if (w.length != rows * cols) {
                throw new IllegalArgumentException("weights must have rows x cols entries");
            }
        }
        words = List.copyOf(words);
    }
}
