package caption.train;

import caption.eval.CiderD;
import caption.eval.CocoTokenizer;
import java.util.List;

/**
 * CIDEr-D of a caption against its image's references, tokenised as the COCO toolkit does, with
 * document frequencies over the training references (Rennie et al.'s reward). With {@code markEnd}
 * the references and every caption that ended carry an end marker as their last word (as
 * ImageCaptioning.pytorch scores its rewards): a caption then earns the n-grams of an ending the
 * references have ("the water END"), and loses them where it stops early ("on a END") or is cut at
 * the length limit. Without it, a caption cut after "a" keeps nearly all of a good one's reward.
 */
final class CiderDReward implements CaptionReward {

    /** A word no tokenised caption has: the tokenizer keeps letters, digits and apostrophes only. */
    private static final String END = "<end>";

    private final CocoTokenizer tokenizer = new CocoTokenizer();
    private final boolean markEnd;
    private final List<List<String>> references;
    private final CiderD cider;

    CiderDReward(List<List<String>> raw, boolean markEnd) {
        this.markEnd = markEnd;
        this.references = raw.stream().map(refs -> refs.stream().map(r -> marked(tokenizer.tokenize(r), true)).toList())
                .toList();
        this.cider = CiderD.over(references);
    }

    /** The tokens with the end marker after them, where this reward marks ends and the caption ended. */
    private String marked(String tokens, boolean ended) {
        return markEnd && ended ? tokens + " " + END : tokens;
    }

    @Override
    public Kind kind() {
        return Kind.CIDER_D;
    }

    @Override
    public int images() {
        return references.size();
    }

    @Override
    public double of(int image, String caption, boolean ended) {
        return cider.score(marked(tokenizer.tokenize(caption), ended), references.get(image));
    }
}
