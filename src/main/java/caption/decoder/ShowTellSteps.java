package caption.decoder;

import caption.search.StepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The decoder seen by the search: one image's features start the state. */
public final class ShowTellSteps implements StepFunction<ShowTellDecoder.State> {

    private final ShowTellDecoder decoder;
    private final INDArray features;

    /** @param features the normalised features of one image, [1, F] */
    public ShowTellSteps(ShowTellDecoder decoder, INDArray features) {
        this.decoder = decoder;
        this.features = features;
    }

    @Override
    public ShowTellDecoder.State initial() {
        return decoder.start(features);
    }

    @Override
    public Result<ShowTellDecoder.State> step(ShowTellDecoder.State state, int[] lastWords) {
        ShowTellDecoder.Step step = decoder.step(state, lastWords);
        return new Result<>(step.logProbs(), step.state());
    }

    @Override
    public ShowTellDecoder.State select(ShowTellDecoder.State state, int[] rows) {
        return state.select(rows);
    }
}
