package caption.memory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Pearson's r between a signal and one cell of one state type over all rows. */
public record CellCorrelation(@JsonProperty("cell") int cell, @JsonProperty("state") String state,
        @JsonProperty("r") double r) {

    public CellCorrelation {
        if (cell < 0 || state == null || !(Math.abs(r) <= 1 + 1e-9)) {
            throw new IllegalArgumentException("a correlation of cell " + cell + " in " + state + ": " + r);
        }
    }
}
