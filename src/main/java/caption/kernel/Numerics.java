package caption.kernel;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The arithmetic of training, search and the encoder that has two implementations: ND4J's
 * operations alone ({@link Nd4jNumerics}, right on any ND4J backend, the CUDA one included) and the
 * CPU's ({@link CpuNumerics}: Vector API kernels on ND4J's host memory, packed products, work split
 * over the cores). One is chosen once per process ({@link #current}) from the backend ND4J loaded
 * and whether the Vector API runs; {@code -Dcaption.numerics=nd4j|cpu} (the command line's
 * {@code --numerics}) forces one. Nothing outside this package picks a path or writes into an ND4J
 * array's memory.
 *
 * <p>LSTM gates are ordered input, forget, output, cell throughout.
 */
public interface Numerics {

    /** System property forcing an implementation: {@code auto} (the default), {@code cpu} or {@code nd4j}. */
    String PROPERTY = "caption.numerics";

    /** {@code cpu} or {@code nd4j}. */
    String name();

    /** An LSTM step's state: c, tanh(c) and h, [B, H] each. */
    record LstmState(INDArray c, INDArray tanhC, INDArray h) {}

    /** A step's gradients: in the gates' pre-activations [B, 4H] and in the previous c [B, H]. */
    record LstmGradients(INDArray dz, INDArray dcPrev) {}

    /** Activates pre-activations z [B, 4H] in place; returns c = f c_prev + i g, tanh(c), h = o tanh(c). */
    LstmState lstmForward(INDArray z, INDArray cPrev);

    /** Backward through the element-wise part of a step, from the gradients in its h and in its c from the next step. */
    LstmGradients lstmBackward(INDArray gates, INDArray tanhC, INDArray cPrev, INDArray dh, INDArray dcNext);

    /**
     * The LSTM of search steps on host rows: activates z [rows, 4H] in place and writes c and h
     * [rows, H] after previous cells cPrev.
     */
    void lstmRows(float[] z, float[] cPrev, float[] c, float[] h, int rows, int hidden);

    /**
     * A teacher-forced LSTM over packed sequences: step t has rows [offset(t), offset(t) + active[t])
     * of {@code shares} (x W_x + b, [rows, 4H]), the first active[t] captions, active never growing.
     * {@code wRest} [H, 4H] multiplies the previous h; h0, c0 are [B, H].
     */
    LstmSequence lstmSequence(int[] active, INDArray shares, INDArray h0, INDArray c0, INDArray wRest);

    /** A weight matrix W for repeated products with it (laid out or packed once, on first use). */
    Weight weight(INDArray w);

    /**
     * Whether each row of the search's host-row work ({@link Weight#times(float[], int)} of a float
     * weight, {@link #lstmRows}, {@link #softmaxRows(float[], int, int)}, {@link #logSoftmaxRows})
     * comes out the same bits whichever other rows share the call, so that several images can
     * search as one set of rows with each image's captions unchanged. The Vector API kernels sum
     * each row in one fixed order; ND4J's BLAS picks its kernel by the product's shape, so a row's
     * last bits move with the rows beside it (the bundled models' scores moved by up to 8e-6 with
     * their images searched together through it; ManyImagesStepsTest prints such differences).
     */
    boolean searchRowsIndependent();

    /** {@code tanh(P[i, l] + q[i])} for projected features P [n, L, A] and queries q [n, A], as [n * L, A]. */
    INDArray attentionLayer(INDArray projected, INDArray query);

    /** The contexts {@code sum over l of alpha[i, l] V[i, l]} for weights alpha [n, L] and features V [n, L, C]: [n, C]. */
    INDArray attentionContext(INDArray alpha, INDArray features);

    /** {@code dAlpha[i, l] = V[i, l] . dContext[i]} for features V [n, L, C]: [n, L]. */
    INDArray attentionPositionDots(INDArray features, INDArray dContext);

    /**
     * Backward through {@link #attentionContext} in its features: adds {@code alpha[i, l] dContext[i]}
     * to {@code dFeatures[i, l]} [n, L, C] in place (the decoders' gradient in their input features).
     */
    void attentionContextBackward(INDArray alpha, INDArray dContext, INDArray dFeatures);

    /**
     * Backward through {@code e = tanh(P + q)} and the scores {@code e v}: adds the gradient in P to
     * {@code dProjected} [n * L, A] and returns the one in q [n, A]. dScores is [n * L, 1], v [1, A].
     */
    INDArray attentionLayerBackward(INDArray e, INDArray dScores, INDArray v, INDArray dProjected, int n);

    /**
     * Attention's weights: the softmax of each row of scores [rows, width] (a search's host rows),
     * in place. The one softmax of attention, the search's and training's alike.
     */
    void softmaxRows(float[] scores, int rows, int width);

    /** {@link #softmaxRows(float[], int, int)} of training's scores [rows, width], as a new array. */
    INDArray softmaxRows(INDArray scores);

    /** The search's next-word log-probabilities: the log-softmax of each row of logits [rows, width]. */
    float[][] logSoftmaxRows(float[] logits, int rows, int width);

    /** The array's values as floats, row-major: a search's host rows (an image batch's grids). */
    float[] hostFloats(INDArray a);

    /**
     * Softmax cross-entropy of logits [rows, V] against one target per row, in place: the logits
     * become the gradient of the mean loss. Returns the summed loss.
     */
    double softmaxCrossEntropy(INDArray logits, int[] targets);

    /** A [rows, width] array of zeros with row k of {@code values} added to row ids[k]. */
    INDArray scatterAddRows(long rows, int[] ids, INDArray values);

    /** The sum of squares of the values. */
    double squaredNorm(INDArray a);

    /**
     * One Adam step on {@code param} in place with gradient {@code scale * grad}; {@code state} holds
     * the moments as ND4J's Adam keeps them, [m | v] (twice the parameter's length).
     */
    void adam(INDArray param, INDArray grad, INDArray state, AdamStep step);

    /**
     * Readies a DL4J graph for training: the CPU implementation runs its convolution and pooling
     * layers through oneDNN ({@link OneDnnLayers}); ND4J's leaves DL4J's own layers as they are.
     */
    ComputationGraph forTraining(ComputationGraph graph);

    /** Into how many parts, run side by side, the encoder splits a batch of n images. */
    int encoderBatchParts(int n);

    /**
     * Adam's hyper-parameters for iteration t (0 first): libnd4j's {@code adamUpdater},
     * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
     * {@code p -= lr sqrt(1 - b2^(t+1)) / (1 - b1^(t+1)) m / (sqrt(v) + eps)}.
     */
    record AdamStep(double scale, double learningRate, double beta1, double beta2, double epsilon, int t) {
        public AdamStep {
            if (t < 0 || learningRate < 0 || epsilon <= 0) {
                throw new IllegalArgumentException("bad Adam step: t " + t + ", lr " + learningRate + ", eps " + epsilon);
            }
        }

        double stepSize() {
            return learningRate * Math.sqrt(1 - Math.pow(beta2, t + 1)) / (1 - Math.pow(beta1, t + 1));
        }
    }

    /** A weight W ready for products with it. */
    interface Weight {
        /** {@code x W + addend}. */
        INDArray times(INDArray x, INDArray addend);

        /** {@code dz W^T}. */
        INDArray timesTransposed(INDArray dz);

        /** {@code x W} for a search step's few host rows x (rows * K floats, row by row); rows * N floats. */
        float[] times(float[] x, int rows);

        /**
         * {@code start + x W[from, to)}: host rows x (rows * (to - from) floats) times W's rows
         * [from, to), added to start (rows * N floats, null for zeros). A product over the first rows
         * continued this way equals the whole product to rounding.
         */
        float[] times(float[] x, int rows, int from, int to, float[] start);
    }

    /** An LSTM run over packed sequences, and its backward pass. */
    interface LstmSequence {
        /** Gradients in the gates' pre-activations [rows, 4H], and in h0 and c0 [B, H]. */
        record Gradients(INDArray dz, INDArray dh0, INDArray dc0) {}

        /** Every packed row's h, [rows, H]. */
        INDArray hs();

        /** The gradients, from those in every packed row's h. */
        Gradients backward(INDArray dHs);
    }

    /**
     * {@code a b} as a row-major result without a copy: BLAS writes column-major, so ND4J's
     * {@code mmul} computes into a column-major array and copies it into a row-major one. Written as
     * the column-major {@code (b^T a^T)} and returned transposed, the copy and its allocation go
     * ([640, 512] x [512, 10000] on one thread: 143 ms against 91 ms; with two, 112 against 60).
     * ND4J operations only, so it serves both implementations.
     */
    static INDArray product(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {b.columns(), a.rows()}, 'f');
        b.transpose().mmuli(a.transpose(), out);
        return out.transpose();
    }

    /** The first n rows of a [rows, ...] array (a view). */
    static INDArray firstRows(INDArray a, int n) {
        return a.rows() == n ? a : a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    /**
     * The gradient of a later step's n' rows as one of an earlier step's n >= n' rows, in packed
     * sequences: the rows that stopped before the later step add zero.
     */
    static INDArray padRows(INDArray a, int n) {
        if (a.rows() == n) {
            return a;
        }
        INDArray padded = Nd4j.zeros(a.dataType(), n, a.columns());
        padded.get(NDArrayIndex.interval(0, a.rows()), NDArrayIndex.all()).assign(a);
        return padded;
    }

    /** The implementation chosen for this process. */
    static Numerics current() {
        return NumericsChoice.current();
    }

    /** The ND4J implementation (any backend). */
    static Numerics nd4j() {
        return Nd4jNumerics.INSTANCE;
    }

    /** The CPU implementation; fails where it cannot run (another backend, or no Vector API). */
    static Numerics cpu() {
        return NumericsChoice.cpu();
    }

    /** Whether ND4J runs on its CPU backend. */
    static boolean cpuBackend() {
        return NumericsChoice.cpuBackend();
    }

    /** The name of ND4J's backend, as its class says it ({@code CpuBackend}, {@code JCublasBackend}). */
    static String backendName() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }
}
