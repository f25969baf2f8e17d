package caption.decoder;

import caption.search.StepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Show-and-Tell decoder seen by the search: one image's features start the state. Words that
 * must never be written (the vocabulary's {@code <unk>}, as im2txt and neuraltalk2 do) get
 * probability zero.
 */
public final class ShowTellSteps implements StepFunction<ShowTellDecoder.State> {

    private final ShowTellDecoder decoder;
    private final INDArray features;
    private final int[] banned;
    private final LstmCell.StepWeights weights;

    /** @param features the normalised features of one image, [1, F] */
    public ShowTellSteps(ShowTellDecoder decoder, INDArray features, int... banned) {
        this.decoder = decoder;
        this.features = features;
        this.banned = banned.clone();
        this.weights = LstmCell.StepWeights.of(decoder.params());
    }

    @Override
    public ShowTellDecoder.State initial() {
        return decoder.start(features);
    }

    @Override
    public Result<ShowTellDecoder.State> step(ShowTellDecoder.State state, int[] lastWords) {
        ShowTellDecoder.Step step = decoder.step(state, lastWords, weights);
        DecoderMath.ban(step.logProbs(), banned);
        return new Result<>(step.logProbs(), step.state());
    }

    @Override
    public ShowTellDecoder.State select(ShowTellDecoder.State state, int[] rows) {
        return state.select(rows);
    }
}
