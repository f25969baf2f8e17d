package caption.decoder;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import caption.search.StepFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
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
        if (config.attends()) {
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

    /** [h0 | c0] = tanh(f INIT_W + INIT_B) of each row of features. */
    INDArray initialState(INDArray features) {
        INDArray init = features.castTo(params.get(DecoderParams.INIT_W).dataType())
                .mmul(params.get(DecoderParams.INIT_W)).addiRowVector(params.get(DecoderParams.INIT_B));
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
        return new LossAndGradients(ce.mean(), ce.words(), backward(batch, fw));
    }

    private record Forward(INDArray init, List<LstmCell.Step> cells, DecoderMath.Output output) {}

    private Forward forward(Batch batch, Random dropoutRng) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        INDArray embedding = params.get(DecoderParams.EMBEDDING);
        INDArray w = params.get(DecoderParams.LSTM_W);
        INDArray init = initialState(batch.features());
        INDArray h = init.get(all(), interval(0, hSize));
        INDArray c = init.get(all(), interval(hSize, 2 * hSize));
        List<LstmCell.Step> cells = new ArrayList<>(steps);
        INDArray hs = Nd4j.create(embedding.dataType(), (long) steps * b, hSize);
        INDArray allX = Nd4j.pullRows(embedding, 1, batch.fedTokens());
        INDArray shares = LstmCell.inputShares(allX, w, params.get(DecoderParams.LSTM_B));
        INDArray wRest = LstmCell.restRows(w, config.embeddingSize());
        for (int t = 0; t < steps; t++) {
            INDArrayIndex rows = interval(t * b, (t + 1) * b);
            LstmCell.Step cell = LstmCell.forwardTeacherForced(allX.get(rows, all()), shares.get(rows, all()), h, c, wRest);
            cells.add(cell);
            hs.get(rows, all()).assign(cell.h());
            h = cell.h();
            c = cell.c();
        }
        return new Forward(init, cells, DecoderMath.output(batch, hs, params, config.dropout(), dropoutRng));
    }

    private Map<String, INDArray> backward(Batch batch, Forward fw) {
        int b = batch.size();
        int steps = batch.steps();
        int hSize = config.hiddenSize();
        int eSize = config.embeddingSize();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray dHs = DecoderMath.outputBackward(fw.output, params, grads);
        INDArray w = params.get(DecoderParams.LSTM_W);
        INDArray embedding = params.get(DecoderParams.EMBEDDING);
        INDArray allXh = Nd4j.create(w.dataType(), (long) steps * b, eSize + hSize);
        INDArray allDz = Nd4j.create(w.dataType(), (long) steps * b, 4L * hSize);
        INDArray wRest = LstmCell.restRows(w, eSize);
        INDArray dhNext = Nd4j.zeros(w.dataType(), b, hSize);
        INDArray dcNext = Nd4j.zeros(w.dataType(), b, hSize);
        for (int t = steps - 1; t >= 0; t--) {
            LstmCell.Step cell = fw.cells.get(t);
            INDArray dh = dHs.get(interval(t * b, (t + 1) * b), all()).add(dhNext);
            LstmCell.Backward back = LstmCell.backward(cell, dh, dcNext, wRest);
            dcNext = back.dcPrev();
            allXh.get(interval(t * b, (t + 1) * b), all()).assign(cell.xh());
            allDz.get(interval(t * b, (t + 1) * b), all()).assign(back.dz());
            dhNext = back.dxh();
        }
        grads.put(DecoderParams.LSTM_W, DecoderMath.product(allXh.transpose(), allDz));
        grads.put(DecoderParams.LSTM_B, DecoderMath.columnSums(allDz));
        INDArray allDEmbedded = DecoderMath.product(allDz, LstmCell.inputRows(w, eSize).transpose());
        grads.put(DecoderParams.EMBEDDING,
                DecoderMath.embeddingGradient(embedding, batch.fedTokens(), allDEmbedded));
        INDArray features = batch.features().castTo(w.dataType());
        initGradients(grads, fw.init, dhNext, dcNext, features);
        return grads;
    }

    /** Gradients of INIT_W and INIT_B from those in h0 and c0 = tanh(f INIT_W + INIT_B). */
    static void initGradients(Map<String, INDArray> grads, INDArray init, INDArray dh0, INDArray dc0, INDArray f) {
        int hSize = (int) dh0.size(1);
        INDArray h0 = init.get(all(), interval(0, hSize));
        INDArray c0 = init.get(all(), interval(hSize, 2 * hSize));
        INDArray dInit = Nd4j.hstack(dh0.mul(h0.mul(h0).rsubi(1.0)), dc0.mul(c0.mul(c0).rsubi(1.0)));
        grads.put(DecoderParams.INIT_W, DecoderMath.product(f.transpose(), dInit));
        grads.put(DecoderParams.INIT_B, dInit.sum(true, 0));
    }
}
