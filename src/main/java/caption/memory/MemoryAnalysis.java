package caption.memory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the cells track: the report of memory.json made from recorded rows. */
public final class MemoryAnalysis {

    /** Cells listed per signal. */
    public static final int TOP_CELLS = 10;
    /** Words listed per cell's expected updates. */
    public static final int TOP_WORDS = 5;
    /** An input word's expected update needs this many readings. */
    public static final int MIN_COUNT = 5;
    /** Co-clusters of cells and words at most. */
    public static final int GROUPS = 6;
    /** Content words made signals on captions other than shape scenes. */
    public static final int FREQUENT_WORDS = 8;

    static final String ROWS_ARE = "one row per word a step writes, the end token included, captions in input order; "
            + "a row's states are after the step that wrote its word, having read the previous row's word (the start "
            + "token at position 0). Reference rows (references/) feed the human caption's words in whatever the model "
            + "would have written (teacher forcing), so their next words are the person's, not the model's choice.";

    private MemoryAnalysis() {}

    /** The report over the generated rows and, when not null, the reference rows apart. */
    public static MemoryReport report(String model, StateRows generated, StateRows references, List<String> vocabulary) {
        Map<String, Set<String>> kinds = WordKinds.of(vocabulary, generated, FREQUENT_WORDS);
        List<Signal> signals = signals(generated, vocabulary, kinds);
        Map<String, String> meanings = new LinkedHashMap<>();
        signals.forEach(s -> meanings.put(s.name(), s.name().startsWith("next_")
                ? s.meaning() + ": " + kindWords(s.name(), kinds) : s.meaning()));
        Map<String, String> methods = new LinkedHashMap<>();
        methods.put("signals", "Pearson's r over all rows between the signal and each cell of each state; the "
                + TOP_CELLS + " largest |r| per signal");
        methods.put("expected_updates", "RNNVis's expected response, on the memory cell: per cell, the mean of "
                + "c_t - c_{t-1} over the steps reading a word (read at least " + MIN_COUNT + " times; the start "
                + "token's step left out); the " + TOP_WORDS + " words of largest |mean|");
        methods.put("co_clusters", "k-means (k = " + GROUPS + ", farthest-first start) on the cells' rows of the "
                + "cell x word expected-update matrix; each word joins the group whose cells it moves most (mean |update|)");
        return new MemoryReport(model, generated.cells(), ROWS_ARE, methods, meanings,
                analyse(generated, vocabulary, signals),
                references == null ? null : analyse(references, vocabulary, signals(references, vocabulary, kinds)));
    }

    /** Position, then one indicator per kind of word. */
    public static List<Signal> signals(StateRows rows, List<String> vocabulary, Map<String, Set<String>> kinds) {
        List<Signal> signals = new ArrayList<>();
        signals.add(Signal.position(rows));
        kinds.forEach((kind, words) -> {
            Set<Integer> ids = new HashSet<>();
            words.forEach(w -> {
                int id = vocabulary.indexOf(w);
                if (id >= 0) {
                    ids.add(id);
                }
            });
            signals.add(Signal.nextWordIn(kind, ids, rows));
        });
        return signals;
    }

    public static MemoryReport.Analysis analyse(StateRows rows, List<String> vocabulary, List<Signal> signals) {
        Map<String, List<CellCorrelation>> correlations = new LinkedHashMap<>();
        for (Signal s : signals) {
            correlations.put(s.name(), Correlations.strongest(s, rows, TOP_CELLS));
        }
        WordUpdates updates = WordUpdates.of(rows, vocabulary, MIN_COUNT);
        return new MemoryReport.Analysis(rows.size(), rows.captions().size(), correlations,
                updates.strongestPerCell(TOP_WORDS), CoClusters.of(updates, GROUPS));
    }

    private static String kindWords(String signal, Map<String, Set<String>> kinds) {
        Set<String> words = kinds.get(signal.replaceFirst("^next_", ""));
        return words == null ? "" : String.join(" ", words);
    }
}
