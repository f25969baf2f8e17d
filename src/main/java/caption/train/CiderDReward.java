package caption.train;

import caption.eval.CiderD;
import caption.eval.CocoTokenizer;
import java.util.List;

/**
 * CIDEr-D of a caption against its image's references, tokenised as the COCO toolkit does, with
 * document frequencies over the training references (Rennie et al.'s reward).
 */
final class CiderDReward implements CaptionReward {

    private final CocoTokenizer tokenizer = new CocoTokenizer();
    private final List<List<String>> references;
    private final CiderD cider;

    CiderDReward(List<List<String>> raw) {
        this.references = raw.stream().map(refs -> refs.stream().map(tokenizer::tokenize).toList()).toList();
        this.cider = CiderD.over(references);
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
    public double of(int image, String caption) {
        return cider.score(tokenizer.tokenize(caption), references.get(image));
    }
}
