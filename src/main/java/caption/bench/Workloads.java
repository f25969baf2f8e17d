package caption.bench;

import caption.decoder.AttendTellType;
import caption.decoder.DecoderTypes;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.encoder.NativeGraphForward;
import caption.encoder.SqueezeNetFactory;
import caption.search.CaptionSearch;
import caption.search.SearchSettings;
import caption.train.AdamOptimizer;
import caption.train.TrainingStep;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The peer's workloads with this project's code: a teacher-forced training step (forward, backward,
 * clipping, Adam) and a beam-3 decode of each decoder, and SqueezeNet v1.1 features at 227 px. The
 * sizes are the peer's: vocabulary 10,000, embedding 512, LSTM 512, attention 512, features 2,048
 * (7 x 7 = 49 regions for attention), 20 steps, batch 32. Weights are random, as the peer's are.
 */
public final class Workloads {

    public static final int VOCABULARY = 10_000;
    public static final int EMBEDDING = 512;
    public static final int HIDDEN = 512;
    public static final int ATTENTION = 512;
    public static final int FEATURES = 2048;
    public static final int REGIONS = 49;
    public static final int STEPS = 20;
    public static final int BATCH = 32;
    private static final int START = 1;
    private static final int END = 2;

    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final long WARM_UP_WINDOW_NANOS = 500_000_000L;

    private final Random rng = new Random(0);

    /** The decoder of the given type at the peer's sizes. */
    public static CaptionDecoder decoder(String type) {
        DecoderConfig config = type.equals(AttendTellType.NAME)
                ? new DecoderConfig(type, VOCABULARY, FEATURES, EMBEDDING, HIDDEN, 0.5, REGIONS, ATTENTION, 1.0, 0)
                : new DecoderConfig(type, VOCABULARY, FEATURES, EMBEDDING, HIDDEN, 0.5);
        return DecoderTypes.create(config, DecoderParams.initialise(config, 0, DataType.FLOAT));
    }

    /** Milliseconds per training step, the mean of {@code steps} once the step's speed has settled. */
    public double trainStepMillis(String type, int steps) {
        CaptionDecoder decoder = decoder(type);
        Batch batch = new Batch(features(decoder.config(), BATCH), tokens(), 0);
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), 4e-4, 5.0);
        TrainingStep step = new TrainingStep(decoder, adam); // as DecoderTrainer runs it
        Runnable train = () -> step.run(() -> batch, rng, 0);
        warmUp(train, WARM_UP_NANOS);
        return meanMillis(train, 0, steps);
    }

    /** Milliseconds per caption of a beam-3 search of at most 20 words for one image. */
    public double beamMillis(String type, int captions) {
        CaptionDecoder decoder = decoder(type);
        INDArray image = features(decoder.config(), 1);
        CaptionSearch beam = CaptionSearch.of(new SearchSettings(3, STEPS, 0.0), START, END);
        Runnable search = () -> beam.search(decoder.steps(image));
        warmUp(search, WARM_UP_NANOS);
        return meanMillis(search, 2, captions);
    }

    /** Milliseconds per image of SqueezeNet v1.1 features (through fire9) of a batch at 227 px. */
    public double squeezeNetMillisPerImage(int batch, int runs) {
        ComputationGraph net = SqueezeNetFactory.randomFeatureExtractor(227, SqueezeNetFactory.LAST_FIRE, 0);
        NativeGraphForward forward = NativeGraphForward.of(net); // as ImageEncoder runs it
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, 3, 227, 227);
        // the pooling is Java code: warm it up to its compiled speed, as the other workloads are
        Runnable pass = () -> forward.output(input);
        warmUp(pass, WARM_UP_NANOS);
        return meanMillis(pass, 0, runs) / batch;
    }

    /**
     * GFLOP/s of a 1024 x 1024 float matrix product, the best of several, into a row-major result
     * as the decoders multiply inside a training step's workspace: BLAS writes the transposed
     * product column-major into an array that exists ({@link caption.kernel.Numerics#product} without its
     * allocation). ND4J's {@code mmuli} into a row-major array adds a copy that took a third of the
     * time, and a fresh result array a sixth.
     */
    public static double matmulGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray columnMajor = Nd4j.create(DataType.FLOAT, new long[] {1024, 1024}, 'f');
        DoubleSupplier once = () -> {
            long start = System.nanoTime();
            b.transpose().mmuli(a.transpose(), columnMajor);
            return (System.nanoTime() - start) / 1e9;
        };
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            best = Math.min(best, once.getAsDouble());
        }
        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    private INDArray features(DecoderConfig config, int rows) {
        return Nd4j.randn(DataType.FLOAT, rows, config.featureWidth());
    }

    /** Random captions of 8 to 20 words after the start word, padded to 21 tokens. */
    private int[][] tokens() {
        int[][] tokens = new int[BATCH][STEPS + 1];
        for (int[] row : tokens) {
            int length = 8 + rng.nextInt(STEPS - 7);
            row[0] = START;
            for (int t = 1; t <= length; t++) {
                row[t] = 4 + rng.nextInt(VOCABULARY - 4);
            }
        }
        return tokens;
    }

    /**
     * Runs the work until its speed settles: at least {@code minNanos}, then until two half-second
     * windows in a row agree within 3%, at most four times as long. The Vector API kernels of the
     * training steps, the searches and the encoder's pooling are only fast once the optimising JIT
     * has compiled them, which takes longer than the two warm-up runs the peer gets (a Show and Tell
     * step's first 22 took 238-254 ms, later ones 167-228), and longer still after other workloads
     * ran in the same process (kernels share code: a fixed 3 s left the first search 10-130% slow).
     */
    private static void warmUp(Runnable work, long minNanos) {
        long start = System.nanoTime();
        double previous = Double.NaN;
        while (true) {
            long windowStart = System.nanoTime();
            int runs = 0;
            do {
                work.run();
                runs++;
            } while (System.nanoTime() - windowStart < WARM_UP_WINDOW_NANOS);
            double mean = (System.nanoTime() - windowStart) / (double) runs;
            long elapsed = System.nanoTime() - start;
            boolean settled = Math.abs(mean - previous) <= 0.03 * previous;
            if (elapsed >= 4 * minNanos || (elapsed >= minNanos && settled)) {
                return;
            }
            previous = mean;
        }
    }

    private static double meanMillis(Runnable work, int warmUp, int runs) {
        for (int i = 0; i < warmUp; i++) {
            work.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            work.run();
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }
}
