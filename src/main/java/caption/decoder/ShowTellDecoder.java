package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.kernel.Numerics;
import caption.search.StepFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Show-and-Tell decoder on ND4J: an LSTM whose state starts from the image, h0 = tanh(W_h f + b_h)
 * and c0 = tanh(W_c f + b_c); word embeddings in, dropout on the LSTM output, softmax over the
 * vocabulary. The backward pass is written out by hand (SameDiff's gather and lstmCell have no
 * working gradient in 1.0.0-M2.1) and checked against numerical gradients in the tests.
 */
public final class ShowTellDecoder implements CaptionDecoder {

    private final DecoderConfig config;
    private final DecoderParams params;

    public ShowTellDecoder(DecoderConfig config, DecoderParams params) {
        if (!config.type().equals(ShowTellType.NAME)) {
            throw new IllegalArgumentException("a " + config.type() + " config is not a show-tell decoder");
        }
        this.config = config;
        this.params = params;
        params.requireShape(DecoderParams.EMBEDDING, config.vocabularySize(), config.embeddingSize());
        params.requireShape(DecoderParams.LSTM_W, config.embeddingSize() + config.hiddenSize(), 4L * config.hiddenSize());
        params.requireShape(DecoderParams.INIT_W, config.featureSize(), 2L * config.hiddenSize());
        params.requireShape(DecoderParams.OUT_W, config.hiddenSize(), config.vocabularySize());
    }

    @Override
    public DecoderConfig config() {
        return config;
    }

    @Override
    public ShowTellDecoder withParams(DecoderParams other) {
        return new ShowTellDecoder(config, other);
    }

    @Override
    public DecoderParams params() {
        return params;
    }

    // ---------------------------------------------------------------- inference

    @Override
    public StepFunction<ShowTellSteps.Rows> steps(INDArray features, int... banned) {
        return new ShowTellSteps(this, features, banned);
    }

    @Override
    public StepFunction<ShowTellSteps.Rows> batchSteps(INDArray features, int... banned) {
        return SearchRows.imagesTogether(params) ? new ShowTellSteps(this, features, banned) : null;
    }

    /** [h0 | c0] = tanh(f INIT_W + INIT_B) of each row of features. */
    INDArray initialState(INDArray features) {
        INDArray init = DecoderMath.product(features.castTo(params.get(DecoderParams.INIT_W).dataType()),
                params.get(DecoderParams.INIT_W)).addiRowVector(params.get(DecoderParams.INIT_B));
        return Transforms.tanh(init, false);
    }

    // ---------------------------------------------------------------- training

    @Override
    public double loss(Batch batch) {
        return forward(batch, null).output.crossEntropy().mean();
    }

    @Override
    public LossAndGradients lossAndGradients(Batch batch, Random dropoutRng) {
        Forward fw = forward(batch, config.dropout() > 0 ? dropoutRng : null);
        DecoderMath.CrossEntropy ce = fw.output.crossEntropy();
        return new LossAndGradients(ce.mean(), ce.words(), backward(fw).params());
    }

    /** The features reach the loss only through the initial state: their gradient is dInit INIT_W^T. */
    @Override
    public LossAndGradients lossAndFeatureGradients(Batch batch, Random dropoutRng) {
        Forward fw = forward(batch, config.dropout() > 0 ? dropoutRng : null);
        DecoderMath.CrossEntropy ce = fw.output.crossEntropy();
        Backward back = backward(fw);
        INDArray dFeatures = DecoderMath.product(back.dInit(), params.get(DecoderParams.INIT_W).transpose());
        return new LossAndGradients(ce.mean(), ce.words(), back.params(),
                fw.packed.inGivenOrder(dFeatures).castTo(batch.features().dataType()));
    }

    /** The forward pass: the initial state, the words' embeddings, each step's values and the output layer's. */
    private record Forward(PackedSteps packed, INDArray init, INDArray allX, Numerics.LstmSequence lstm, DecoderMath.Output output) {}

    private Forward forward(Batch unsorted, Random dropoutRng) {
        PackedSteps packed = PackedSteps.of(unsorted);
        int hSize = config.hiddenSize();
        INDArray w = params.get(DecoderParams.LSTM_W);
        INDArray init = initialState(packed.batch().features());
        INDArray allX = Nd4j.pullRows(params.get(DecoderParams.EMBEDDING), 1, packed.fedTokens());
        INDArray shares = LstmCell.inputShares(allX, w, params.get(DecoderParams.LSTM_B));
        Numerics.LstmSequence lstm = Numerics.current().lstmSequence(packed.activeCounts(), shares,
                init.get(all(), interval(0, hSize)).dup(), init.get(all(), interval(hSize, 2 * hSize)).dup(),
                LstmCell.restRows(w, config.embeddingSize()));
        return new Forward(packed, init, allX, lstm,
                DecoderMath.output(lstm.hs(), packed.targets(), packed.targetWeights(), params, config.dropout(), dropoutRng));
    }

    /** The parameters' gradients, and the one in the initial state's pre-activation f INIT_W + INIT_B [B, 2H]. */
    private record Backward(Map<String, INDArray> params, INDArray dInit) {}

    private Backward backward(Forward fw) {
        PackedSteps packed = fw.packed;
        int hSize = config.hiddenSize();
        int eSize = config.embeddingSize();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray dHs = DecoderMath.outputBackward(fw.output, params, grads);
        INDArray w = params.get(DecoderParams.LSTM_W);
        Numerics.LstmSequence.Gradients d = fw.lstm.backward(dHs);
        INDArray states = Nd4j.vstack(fw.init.get(all(), interval(0, hSize)), fw.lstm.hs());
        INDArray allXh = Nd4j.hstack(fw.allX, Nd4j.pullRows(states, 1, packed.previousRows()));
        grads.put(DecoderParams.LSTM_W, DecoderMath.product(allXh.transpose(), d.dz()));
        grads.put(DecoderParams.LSTM_B, DecoderMath.columnSums(d.dz()));
        INDArray allDEmbedded = DecoderMath.product(d.dz(), LstmCell.inputRows(w, eSize).transpose());
        grads.put(DecoderParams.EMBEDDING, DecoderMath.embeddingGradient(params.get(DecoderParams.EMBEDDING),
                packed.fedTokens(), allDEmbedded));
        INDArray features = packed.batch().features().castTo(w.dataType());
        INDArray dInit = initGradients(grads, fw.init, d.dh0(), d.dc0(), features);
        return new Backward(grads, dInit);
    }

    /**
     * Gradients of INIT_W and INIT_B from those in h0 and c0 = tanh(f INIT_W + INIT_B); returns the
     * one in the pre-activation, from which the features' follows.
     */
    static INDArray initGradients(Map<String, INDArray> grads, INDArray init, INDArray dh0, INDArray dc0, INDArray f) {
        int hSize = (int) dh0.size(1);
        INDArray h0 = init.get(all(), interval(0, hSize));
        INDArray c0 = init.get(all(), interval(hSize, 2 * hSize));
        INDArray dInit = Nd4j.hstack(dh0.mul(h0.mul(h0).rsubi(1.0)), dc0.mul(c0.mul(c0).rsubi(1.0)));
        grads.put(DecoderParams.INIT_W, DecoderMath.product(f.transpose(), dInit));
        grads.put(DecoderParams.INIT_B, dInit.sum(true, 0));
        return dInit;
    }
}
