package caption.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * memory.json: what the cells track over the generated captions' rows and, with reference
 * captions, over theirs apart ({@code references}), with what each signal and method means.
 */
@JsonPropertyOrder({"model", "cells", "rows_are", "methods", "signal_meanings"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryReport(@JsonProperty("model") String model, @JsonProperty("cells") int cells,
        @JsonProperty("rows_are") String rowsAre, @JsonProperty("methods") Map<String, String> methods,
        @JsonProperty("signal_meanings") Map<String, String> signalMeanings,
        @JsonUnwrapped Analysis generated, @JsonProperty("references") Analysis references) {

    /** The analysis of one set of rows. */
    @JsonPropertyOrder({"rows", "captions", "signals", "expected_updates", "co_clusters"})
    public record Analysis(@JsonProperty("rows") int rows, @JsonProperty("captions") int captions,
            @JsonProperty("signals") Map<String, List<CellCorrelation>> signals,
            @JsonProperty("expected_updates") List<WordUpdates.CellWords> expectedUpdates,
            @JsonProperty("co_clusters") List<CoClusters.Group> coClusters) {
        public Analysis {
            signals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signals));
            expectedUpdates = List.copyOf(expectedUpdates);
            coClusters = List.copyOf(coClusters);
        }
    }

    public MemoryReport {
        if (generated == null) {
            throw new IllegalArgumentException("memory.json needs the generated captions' analysis");
        }
        methods = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(methods));
        signalMeanings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signalMeanings));
    }
}
