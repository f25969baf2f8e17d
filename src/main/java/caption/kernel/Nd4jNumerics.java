package caption.kernel;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Numerics} in ND4J's operations alone: no Java loop over an array's values and no write
 * into its memory, so it computes the same on every ND4J backend. Slower on the CPU than
 * {@link CpuNumerics} (each small operation costs 30-80 us to call), and the reference the CPU
 * implementation is tested against.
 */
final class Nd4jNumerics implements Numerics {

    static final Nd4jNumerics INSTANCE = new Nd4jNumerics();

    private Nd4jNumerics() {}

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public LstmState lstmForward(INDArray z, INDArray cPrev) {
        int h = (int) cPrev.size(1);
        Transforms.sigmoid(z.get(all(), interval(0, 3 * h)), false);
        Transforms.tanh(z.get(all(), interval(3 * h, 4 * h)), false);
        INDArray c = gate(z, 1, h).mul(cPrev).addi(gate(z, 0, h).mul(gate(z, 3, h)));
        INDArray tanhC = Transforms.tanh(c, true);
        return new LstmState(c, tanhC, gate(z, 2, h).mul(tanhC));
    }

    @Override
    public LstmGradients lstmBackward(INDArray gates, INDArray tanhC, INDArray cPrev, INDArray dh, INDArray dcNext) {
        int h = (int) dh.size(1);
        INDArray i = gate(gates, 0, h);
        INDArray f = gate(gates, 1, h);
        INDArray o = gate(gates, 2, h);
        INDArray g = gate(gates, 3, h);
        INDArray dc = dh.mul(o).muli(tanhC.mul(tanhC).rsubi(1.0)).addi(dcNext);
        INDArray dz = Nd4j.hstack(
                dc.mul(g).muli(i).muli(i.rsub(1.0)),
                dc.mul(cPrev).muli(f).muli(f.rsub(1.0)),
                dh.mul(tanhC).muli(o).muli(o.rsub(1.0)),
                dc.mul(i).muli(g.mul(g).rsubi(1.0)));
        return new LstmGradients(dz, dc.mul(f));
    }

    private static INDArray gate(INDArray z, int k, int h) {
        return z.get(all(), interval(k * h, (k + 1) * h));
    }

    @Override
    public void lstmRows(float[] z, float[] cPrev, float[] c, float[] h, int rows, int hidden) {
        INDArray gates = Nd4j.create(z, new long[] {rows, 4L * hidden}, 'c');
        LstmState s = lstmForward(gates, Nd4j.create(cPrev, new long[] {rows, hidden}, 'c'));
        System.arraycopy(gates.data().asFloat(), 0, z, 0, z.length);
        System.arraycopy(s.c().dup('c').data().asFloat(), 0, c, 0, c.length);
        System.arraycopy(s.h().dup('c').data().asFloat(), 0, h, 0, h.length);
    }

    @Override
    public LstmSequence lstmSequence(int[] active, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
        return new StepByStep(active, shares, h0, c0, weight(wRest));
    }

    /** The sequence one step at a time, each step a few ND4J operations. */
    private final class StepByStep implements LstmSequence {
        private final int[] active;
        private final int[] offsets;
        private final Weight wRest;
        private final List<INDArray> gates = new ArrayList<>();
        private final List<INDArray> cPrevs = new ArrayList<>();
        private final List<INDArray> tanhCs = new ArrayList<>();
        private final INDArray hs;
        private final int batch;

        StepByStep(int[] active, INDArray shares, INDArray h0, INDArray c0, Weight wRest) {
            this.active = active.clone();
            this.offsets = offsets(active);
            this.wRest = wRest;
            this.hs = Nd4j.create(shares.dataType(), offsets[active.length], h0.columns());
            this.batch = (int) h0.rows();
            INDArray h = h0;
            INDArray c = c0;
            for (int t = 0; t < active.length; t++) {
                int n = active[t];
                INDArray cPrev = Numerics.firstRows(c, n);
                INDArray z = wRest.times(Numerics.firstRows(h, n), shares.get(rowsOf(t), all()));
                LstmState s = lstmForward(z, cPrev);
                gates.add(z);
                cPrevs.add(cPrev);
                tanhCs.add(s.tanhC());
                hs.get(rowsOf(t), all()).assign(s.h());
                h = s.h();
                c = s.c();
            }
        }

        private INDArrayIndex rowsOf(int t) {
            return interval(offsets[t], offsets[t + 1]);
        }

        @Override
        public INDArray hs() {
            return hs;
        }

        @Override
        public Gradients backward(INDArray dHs) {
            INDArray allDz = Nd4j.create(hs.dataType(), hs.rows(), 4 * hs.columns());
            int last = active.length - 1;
            INDArray dhNext = Nd4j.zeros(hs.dataType(), last < 0 ? 0 : active[last], hs.columns());
            INDArray dcNext = dhNext.dup();
            for (int t = last; t >= 0; t--) {
                int n = active[t];
                INDArray dh = dHs.get(rowsOf(t), all()).add(Numerics.padRows(dhNext, n));
                LstmGradients d = lstmBackward(gates.get(t), tanhCs.get(t), cPrevs.get(t), dh, Numerics.padRows(dcNext, n));
                allDz.get(rowsOf(t), all()).assign(d.dz());
                dhNext = wRest.timesTransposed(d.dz());
                dcNext = d.dcPrev();
            }
            return new Gradients(allDz, Numerics.padRows(dhNext, batch), Numerics.padRows(dcNext, batch));
        }
    }

    static int[] offsets(int[] active) {
        int[] offsets = new int[active.length + 1];
        for (int t = 0; t < active.length; t++) {
            if (t > 0 && active[t] > active[t - 1]) {
                throw new IllegalArgumentException("captions must be sorted longest first");
            }
            offsets[t + 1] = offsets[t] + active[t];
        }
        return offsets;
    }

    @Override
    public Weight weight(INDArray w) {
        return new Nd4jWeight(w);
    }

    @Override
    public boolean searchRowsIndependent() {
        return false;
    }

    /** A weight for ND4J's products, row-major results by {@link Numerics#product}. */
    static final class Nd4jWeight implements Weight {
        private final INDArray w;

        Nd4jWeight(INDArray w) {
            this.w = w;
        }

        @Override
        public INDArray times(INDArray x, INDArray addend) {
            return Numerics.product(x, w).addi(addend);
        }

        @Override
        public INDArray timesTransposed(INDArray dz) {
            return Numerics.product(dz, w.transpose());
        }

        @Override
        public float[] times(float[] x, int rows) {
            return times(x, rows, 0, (int) w.rows(), null);
        }

        @Override
        public float[] times(float[] x, int rows, int from, int to, float[] start) {
            INDArray rowsX = Nd4j.create(x, new long[] {rows, to - from}, 'c').castTo(w.dataType());
            INDArray part = from == 0 && to == w.rows() ? w : w.get(interval(from, to), all());
            INDArray product = Numerics.product(rowsX, part).castTo(DataType.FLOAT);
            if (start != null) {
                product.addi(Nd4j.create(start, new long[] {rows, w.columns()}, 'c'));
            }
            return product.dup('c').data().asFloat();
        }
    }

    @Override
    public INDArray attentionLayer(INDArray projected, INDArray query) {
        long n = projected.size(0);
        long positions = projected.size(1);
        long width = projected.size(2);
        return Transforms.tanh(projected.add(query.reshape('c', n, 1, width)), false).reshape('c', n * positions, width);
    }

    @Override
    public INDArray attentionContext(INDArray alpha, INDArray features) {
        long n = features.size(0);
        return Nd4j.matmul(alpha.reshape('c', n, 1, features.size(1)), features).reshape('c', n, features.size(2));
    }

    @Override
    public INDArray attentionPositionDots(INDArray features, INDArray dContext) {
        long n = features.size(0);
        return Nd4j.matmul(features, dContext.reshape('c', n, features.size(2), 1)).reshape('c', n, features.size(1));
    }

    @Override
    public void attentionContextBackward(INDArray alpha, INDArray dContext, INDArray dFeatures) {
        long n = dFeatures.size(0);
        INDArray weights = alpha.reshape('c', n, dFeatures.size(1), 1);
        dFeatures.addi(Nd4j.matmul(weights, dContext.reshape('c', n, 1, dFeatures.size(2))));
    }

    @Override
    public INDArray attentionLayerBackward(INDArray e, INDArray dScores, INDArray v, INDArray dProjected, int n) {
        long width = e.columns();
        long positions = e.rows() / n;
        // the outer product dScores v^T as two broadcasts: a K = 1 matmul is slow in OpenBLAS
        INDArray dPre = e.mul(e).rsubi(1.0).muliColumnVector(dScores).muliRowVector(v);
        dProjected.addi(dPre);
        // a batched product with ones: ND4J's sum over the middle axis of [B, L, A] is far slower
        INDArray ones = Nd4j.ones(e.dataType(), n, 1, positions);
        return Nd4j.matmul(ones, dPre.reshape('c', n, positions, width)).reshape('c', n, width);
    }

    @Override
    public void softmaxRows(float[] scores, int rows, int width) {
        INDArray weights = softmaxRows(Nd4j.create(scores, new long[] {rows, width}, 'c'));
        System.arraycopy(weights.dup('c').data().asFloat(), 0, scores, 0, rows * width);
    }

    @Override
    public INDArray softmaxRows(INDArray scores) {
        INDArray e = Transforms.exp(scores.subColumnVector(scores.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    @Override
    public float[] hostFloats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Override
    public float[][] logSoftmaxRows(float[] logits, int rows, int width) {
        INDArray x = Nd4j.create(logits, new long[] {rows, width}, 'c');
        INDArray shifted = x.subiColumnVector(x.max(true, 1));
        INDArray logSums = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSums).toFloatMatrix();
    }

    @Override
    public double softmaxCrossEntropy(INDArray logits, int[] targets) {
        int rows = targets.length;
        INDArray oneHot = oneHotRows(targets, logits.columns(), logits.dataType());
        INDArray shifted = logits.subiColumnVector(logits.max(true, 1));
        double targetLogits = shifted.mul(oneHot).sumNumber().doubleValue();
        INDArray p = Transforms.exp(shifted, false);
        INDArray sums = p.sum(true, 1).reshape(rows, 1);
        double loss = Transforms.log(sums, true).sumNumber().doubleValue() - targetLogits;
        p.diviColumnVector(sums).subi(oneHot).divi(rows);
        return loss;
    }

    /** [rows, width]: a one in row r at column targets[r]. */
    private static INDArray oneHotRows(int[] targets, long width, DataType type) {
        OneHot op = new OneHot(Nd4j.createFromArray(targets), null, (int) width, -1, 1.0, 0.0);
        return Nd4j.exec(op)[0].castTo(type);
    }

    @Override
    public INDArray scatterAddRows(long rows, int[] ids, INDArray values) {
        ScatterAdd scatter = new ScatterAdd(Nd4j.zeros(values.dataType(), rows, values.columns()),
                Nd4j.createFromArray(ids), values);
        scatter.addBArgument(true); // "lock": repeated ids raced on two threads without it (measured)
        return Nd4j.exec(scatter)[0];
    }

    @Override
    public double squaredNorm(INDArray a) {
        double n = a.norm2Number().doubleValue();
        return n * n;
    }

    @Override
    public void adam(INDArray param, INDArray grad, INDArray state, AdamStep step) {
        long n = param.length();
        if (grad.length() != n || state.length() != 2 * n) {
            throw new IllegalArgumentException("parameter, gradient and moments differ in length");
        }
        INDArray moments = state.reshape('c', new long[] {2, n});
        INDArray m = moments.getRow(0);
        INDArray v = moments.getRow(1);
        INDArray g = grad.reshape('c', new long[] {n}).mul(step.scale());
        m.muli(step.beta1()).addi(g.mul(1 - step.beta1()));
        v.muli(step.beta2()).addi(g.muli(g).muli(1 - step.beta2()));
        INDArray update = m.mul(step.stepSize()).divi(Transforms.sqrt(v, true).addi(step.epsilon()));
        param.subi(update.reshape('c', param.shape()));
    }

    @Override
    public ComputationGraph forTraining(ComputationGraph graph) {
        return graph;
    }

    @Override
    public int encoderBatchParts(int n) {
        return 1;
    }
}
