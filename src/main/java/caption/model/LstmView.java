package caption.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The decoder's LSTM while it wrote a caption, word by word: what a person needs to see why the
 * caption came out as it did. Step t wrote {@code word} (the last step writes the end); its hidden
 * state, cell and gates are after that step's update, and {@code next} are the five words the
 * step found most probable, with their probabilities.
 */
public record LstmView(@JsonProperty("hidden_size") int hiddenSize, @JsonProperty("steps") List<Step> steps) {

    public record Step(@JsonProperty("word") String word, @JsonProperty("hidden") float[] hidden,
            @JsonProperty("cell") float[] cell, @JsonProperty("input_gate") float[] inputGate,
            @JsonProperty("forget_gate") float[] forgetGate, @JsonProperty("output_gate") float[] outputGate,
            @JsonProperty("next") List<NextWord> next) {
        public Step {
            next = List.copyOf(next);
        }
    }

    public record NextWord(@JsonProperty("word") String word, @JsonProperty("probability") double probability) {}

    public LstmView {
        steps = List.copyOf(steps);
    }
}
