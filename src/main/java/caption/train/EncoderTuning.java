package caption.train;

import caption.decoder.FeatureScaler;
import caption.encoder.FeatureRows;
import caption.encoder.TrainableTop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The encoder's trainable blocks while a decoder trains on them: the rows the decoder reads (the
 * stored frozen grids through the blocks, then the model's scaler), the blocks' update from the
 * gradient the decoder's step hands back, with their own Adam and learning rate, and their state
 * for checkpoints.
 */
public final class EncoderTuning {

    private static final int CHUNK = 32;
    private static final String PARAMS = "params";
    private static final String ADAM = "adam";
    private static final String BEST = "best";

    private final TrainableTop top;
    private final FeatureScaler scaler;
    private final boolean pooled;
    private final int positions;
    private final double learningRate;
    private final AdamOptimizer adam;
    /** The rows of the last read, whose gradient the next {@link #step} takes. */
    private Rows lastRead;

    /**
     * @param positions grid positions of the stored rows (169 at 227 px)
     * @param pooled the decoder reads the grid's global average (Show and Tell), not the grid
     * @param learningRate the blocks' Adam learning rate
     * @param clipNorm the blocks' own gradient norm clip
     */
    public EncoderTuning(TrainableTop top, FeatureScaler scaler, int positions, boolean pooled, double learningRate,
            double clipNorm) {
        this.top = top;
        this.scaler = scaler;
        this.positions = positions;
        this.pooled = pooled;
        this.learningRate = learningRate;
        this.adam = new AdamOptimizer(Map.of(PARAMS, top.params()), learningRate, clipNorm);
    }

    public TrainableTop top() {
        return top;
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    /** Scaled decoder rows of {@code bottom}'s stored grids, through the blocks as they are when read. */
    public FeatureRows rows(FeatureRows bottom) {
        if (bottom.regions() != positions) {
            throw new IllegalArgumentException("stored grids of " + bottom.regions() + " positions, not " + positions);
        }
        int outWidth = (int) (top.outputChannels() * (pooled ? 1 : positions));
        return new FeatureRows() {
            @Override
            public int count() {
                return bottom.count();
            }

            @Override
            public int width() {
                return outWidth;
            }

            @Override
            public int regions() {
                return pooled ? 1 : positions;
            }

            @Override
            public INDArray rows(int[] indices) {
                int[] distinct = Arrays.stream(indices).distinct().toArray();
                lastRead = new Rows(indices, distinct);
                INDArray once = scaler.apply(decoderInput(top.forward(bottom.rows(distinct))));
                return lastRead.noRepeats() ? once : Nd4j.pullRows(once, 1, lastRead.positionInDistinct());
            }
        };
    }

    /**
     * The rows last read: the blocks ran once per distinct image (a batch holds each image's
     * captions together), and the gradient of the repeats is summed back onto it.
     */
    private record Rows(int[] indices, int[] distinct) {
        boolean noRepeats() {
            return Arrays.equals(distinct, indices);
        }

        int[] positionInDistinct() {
            Map<Integer, Integer> at = new HashMap<>();
            for (int i = 0; i < distinct.length; i++) {
                at.put(distinct[i], i);
            }
            return Arrays.stream(indices).map(at::get).toArray();
        }

        INDArray summed(INDArray gradient) {
            if (noRepeats()) {
                return gradient;
            }
            int[] position = positionInDistinct();
            INDArray sums = Nd4j.zeros(gradient.dataType(), distinct.length, gradient.size(1));
            for (int r = 0; r < position.length; r++) {
                sums.getRow(position[r]).addi(gradient.getRow(r));
            }
            return sums;
        }
    }

    /** {@code live} rows computed once and held in memory: a validation reads each several times. */
    static FeatureRows inMemory(FeatureRows live) {
        INDArray all = Nd4j.create(DataType.FLOAT, live.count(), live.width());
        for (int from = 0; from < live.count(); from += CHUNK) {
            int to = Math.min(live.count(), from + CHUNK);
            all.get(NDArrayIndex.interval(from, to)).assign(live.range(from, to));
        }
        return FeatureRows.of(all, live.regions());
    }

    private INDArray decoderInput(INDArray grids) {
        if (!pooled) {
            return grids;
        }
        long n = grids.size(0);
        return grids.reshape('c', n, positions, grids.size(1) / positions).mean(1);
    }

    /**
     * Updates the blocks from the gradient in the rows last read through {@link #rows} (before the scaler,
     * as {@link TrainingStep#runWithFeatureGradient} gives it), at the decoder's epoch.
     */
    public void step(INDArray rowsGradient, int epoch) {
        if (learningRate == 0) {
            return; // held: the decoder alone adapts to the blocks
        }
        INDArray unscaledGradient = lastRead.summed(rowsGradient);
        INDArray gridGradient = unscaledGradient;
        if (pooled) {
            long n = unscaledGradient.size(0);
            long channels = unscaledGradient.size(1);
            gridGradient = Nd4j.create(unscaledGradient.dataType(), n, positions, channels);
            gridGradient.assign(unscaledGradient.reshape(n, 1, channels).broadcast(n, positions, channels))
                    .divi(positions);
            gridGradient = gridGradient.reshape('c', n, positions * channels);
        }
        INDArray gradient = top.backward(gridGradient);
        adam.step(Map.of(PARAMS, top.params()), Map.of(PARAMS, gradient), epoch);
    }

    /**
     * The order of an epoch's pairs: images shuffled, each image's pairs together, so that a batch
     * runs the blocks on few images ({@code pairs} lists each image's pairs together).
     */
    static void shuffleByImage(List<Integer> order, List<DecoderTrainer.Pair> pairs, Random rng) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (i == 0 || pairs.get(i).image() != pairs.get(i - 1).image()) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(i);
        }
        Collections.shuffle(groups, rng);
        order.clear();
        groups.forEach(order::addAll);
    }

    /** The blocks' learning rate before any decay. */
    double learningRate() {
        return learningRate;
    }

    void setLearningRate(double rate) {
        adam.setLearningRate(rate);
    }

    /** The blocks' weights, Adam's moments, and the best epoch's weights when there is one, for a checkpoint. */
    Map<String, INDArray> state(INDArray best) {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(PARAMS, top.params());
        state.put(ADAM, adam.states().get(PARAMS));
        if (best != null) {
            state.put(BEST, best);
        }
        return state;
    }

    /** Puts back a checkpoint's {@link #state}; returns its best weights, or null. */
    INDArray restore(Map<String, INDArray> state, int adamIteration) {
        top.params().assign(state.get(PARAMS).reshape(top.params().shape()));
        adam.restore(Map.of(PARAMS, state.get(ADAM)), adamIteration);
        return state.get(BEST);
    }
}
