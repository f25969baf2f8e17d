package caption.kernel;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Numerics} on the CPU: Vector API kernels reading and writing ND4J's host memory in place,
 * products with weights packed once ({@link PackedMatrix}), work split over the cores
 * ({@link CoreSplit}). Only on ND4J's CPU backend, where an array's host memory is its memory; the
 * only place that writes into an ND4J array's memory. Arrays the kernels do not take (double
 * precision, strided views) go through {@link Nd4jNumerics}.
 */
final class CpuNumerics implements Numerics {

    static final CpuNumerics INSTANCE = new CpuNumerics();
    private static final Nd4jNumerics ND4J = Nd4jNumerics.INSTANCE;

    private CpuNumerics() {}

    @Override
    public String name() {
        return "cpu";
    }

    private static boolean dense(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!NativeFloats.accepts(a)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public LstmState lstmForward(INDArray z, INDArray cPrev) {
        return dense(z, cPrev) ? LstmKernel.activate(z, cPrev) : ND4J.lstmForward(z, cPrev);
    }

    @Override
    public LstmGradients lstmBackward(INDArray gates, INDArray tanhC, INDArray cPrev, INDArray dh, INDArray dcNext) {
        return dense(gates, tanhC, cPrev, dh, dcNext) ? LstmKernel.backward(gates, tanhC, cPrev, dh, dcNext)
                : ND4J.lstmBackward(gates, tanhC, cPrev, dh, dcNext);
    }

    @Override
    public void lstmRows(float[] z, float[] cPrev, float[] c, float[] h, int rows, int hidden) {
        float[] tanhC = new float[rows * hidden];
        for (int r = 0; r < rows; r++) {
            CellMath.forward(z, r * 4 * hidden, cPrev, r * hidden, c, tanhC, h, r * hidden, hidden);
        }
    }

    @Override
    public LstmSequence lstmSequence(int[] active, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
        return wRest.dataType() == DataType.FLOAT ? new OnArrays(active, shares, h0, c0, wRest)
                : ND4J.lstmSequence(active, shares, h0, c0, wRest);
    }

    /**
     * The whole sequence on Java arrays ({@link LstmRecurrence}): through ND4J each step cost several
     * operations and conversions, ~5 ms for 2 ms of arithmetic.
     */
    private static final class OnArrays implements LstmSequence {
        private final LstmRecurrence lstm;
        private final LstmRecurrence.Forward values;
        private final INDArray hs;
        private final INDArray wRest;
        private final float[] c0;
        private final int batch;

        OnArrays(int[] active, INDArray shares, INDArray h0, INDArray c0, INDArray wRest) {
            this.lstm = new LstmRecurrence(active, (int) h0.columns());
            this.wRest = wRest;
            this.c0 = floats(c0);
            this.batch = (int) h0.rows();
            this.values = lstm.forward(floats(shares), floats(h0), this.c0, PackedMatrix.of(wRest));
            this.hs = matrix(values.h(), lstm.rows());
        }

        @Override
        public INDArray hs() {
            return hs;
        }

        @Override
        public Gradients backward(INDArray dHs) {
            LstmRecurrence.Backward d = lstm.backward(values, floats(dHs), c0, PackedMatrix.ofTransposed(wRest));
            int h = (int) wRest.rows();
            int started = d.dh0().length / h;
            return new Gradients(matrix(d.dz(), lstm.rows()), Numerics.padRows(matrix(d.dh0(), started), batch),
                    Numerics.padRows(matrix(d.dc0(), started), batch));
        }

        private static INDArray matrix(float[] values, int rows) {
            return Nd4j.create(values, new long[] {rows, values.length / Math.max(1, rows)}, 'c');
        }
    }

    static float[] floats(INDArray a) {
        return PackedMatrix.floats(a);
    }

    @Override
    public Weight weight(INDArray w) {
        return w.dataType() == DataType.FLOAT ? new PackedWeight(w) : ND4J.weight(w);
    }

    @Override
    public boolean searchRowsIndependent() {
        return true;
    }

    /**
     * A float weight packed for the Vector API product on first use, each way: a batch of 32 times
     * [512, 2048] in ~1 ms against ND4J's 1.6-3.5.
     */
    private static final class PackedWeight implements Weight {
        private final INDArray w;
        private PackedMatrix packed;
        private PackedMatrix packedTransposed;

        PackedWeight(INDArray w) {
            this.w = w;
        }

        private synchronized PackedMatrix packed() {
            if (packed == null) {
                packed = PackedMatrix.of(w);
            }
            return packed;
        }

        @Override
        public INDArray times(INDArray x, INDArray addend) {
            return packed().leftMultiply(x, addend);
        }

        @Override
        public synchronized INDArray timesTransposed(INDArray dz) {
            if (packedTransposed == null) {
                packedTransposed = PackedMatrix.ofTransposed(w);
            }
            return packedTransposed.leftMultiply(dz);
        }

        @Override
        public float[] times(float[] x, int rows) {
            return packed().leftMultiply(x, rows);
        }

        @Override
        public float[] times(float[] x, int rows, int from, int to, float[] start) {
            return packed().leftMultiply(x, rows, from, to, start);
        }
    }

    @Override
    public INDArray attentionLayer(INDArray projected, INDArray query) {
        return dense(projected, query) ? AttentionKernel.tanhLayer(projected, query) : ND4J.attentionLayer(projected, query);
    }

    @Override
    public INDArray attentionContext(INDArray alpha, INDArray features) {
        return dense(alpha, features) ? AttentionKernel.context(alpha, features) : ND4J.attentionContext(alpha, features);
    }

    @Override
    public INDArray attentionPositionDots(INDArray features, INDArray dContext) {
        return dense(features, dContext) ? AttentionKernel.positionDots(features, dContext)
                : ND4J.attentionPositionDots(features, dContext);
    }

    @Override
    public void attentionContextBackward(INDArray alpha, INDArray dContext, INDArray dFeatures) {
        if (dense(alpha, dContext, dFeatures)) {
            AttentionKernel.contextBackward(alpha, dContext, dFeatures);
        } else {
            ND4J.attentionContextBackward(alpha, dContext, dFeatures);
        }
    }

    @Override
    public INDArray attentionLayerBackward(INDArray e, INDArray dScores, INDArray v, INDArray dProjected, int n) {
        return dense(e, dScores, v, dProjected) ? AttentionKernel.scoreBackward(e, dScores, v, dProjected, n)
                : ND4J.attentionLayerBackward(e, dScores, v, dProjected, n);
    }

    @Override
    public void softmaxRows(float[] scores, int rows, int width) {
        SoftmaxKernel.softmax(scores, rows, width);
    }

    @Override
    public INDArray softmaxRows(INDArray scores) {
        if (scores.rank() != 2 || !dense(scores)) {
            return ND4J.softmaxRows(scores);
        }
        float[] values = floats(scores);
        SoftmaxKernel.softmax(values, (int) scores.rows(), (int) scores.columns());
        return Nd4j.create(values, scores.shape(), 'c');
    }

    /** One bulk copy of a dense float array's memory (ND4J's {@code asFloat} reads value by value). */
    @Override
    public float[] hostFloats(INDArray a) {
        return PackedMatrix.floats(a);
    }

    @Override
    public float[][] logSoftmaxRows(float[] logits, int rows, int width) {
        return SoftmaxKernel.logSoftmax(logits, rows, width);
    }

    @Override
    public double softmaxCrossEntropy(INDArray logits, int[] targets) {
        return logits.rank() == 2 && dense(logits) ? SoftmaxKernel.crossEntropy(logits, targets)
                : ND4J.softmaxCrossEntropy(logits, targets);
    }

    @Override
    public INDArray scatterAddRows(long rows, int[] ids, INDArray values) {
        return values.rank() == 2 && dense(values) ? ScatterKernel.scatterAdd(rows, ids, values)
                : ND4J.scatterAddRows(rows, ids, values);
    }

    @Override
    public double squaredNorm(INDArray a) {
        return dense(a) ? AdamKernel.squaredNorm(a) : ND4J.squaredNorm(a);
    }

    @Override
    public void adam(INDArray param, INDArray grad, INDArray state, AdamStep step) {
        if (dense(param, grad, state)) {
            AdamKernel.step(param, grad, state, step);
        } else {
            ND4J.adam(param, grad, state, step);
        }
    }

    @Override
    public ComputationGraph forTraining(ComputationGraph graph) {
        return OneDnnLayers.attach(graph);
    }

    /** One part per image, the parts side by side on the cores (measured in NativeGraphForward#output). */
    @Override
    public int encoderBatchParts(int n) {
        return n;
    }
}
