package caption.eval;

import java.util.List;
import java.util.Set;

/**
 * What the COCO caption toolkit does to every caption before scoring: newlines become spaces, the
 * PTB tokenizer lower-cases and splits it, and whole punctuation tokens are dropped. The list is
 * the toolkit's, upper-case bracket names included: after lower-casing they never match, so
 * {@code -lrb-} stays in the text that is scored, as it does in the toolkit.
 */
public final class CocoTokenizer {

    static final Set<String> PUNCTUATION = Set.of("''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-",
            ".", "?", "!", ",", ":", "-", "--", "...", ";");

    private final PtbTokenizer ptb = new PtbTokenizer();

    /** The caption as the toolkit scores it: kept tokens joined by single spaces. */
    public String tokenize(String caption) {
        List<String> tokens = ptb.tokenize(caption.replace('\n', ' ').replace('\r', ' '));
        return String.join(" ", tokens.stream().filter(t -> !PUNCTUATION.contains(t)).toList());
    }
}
