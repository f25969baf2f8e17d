package caption.train;

import caption.decoder.DecoderTypes;
import caption.data.Vocabulary;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.encoder.FeatureRows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Teacher-forced training of the decoder on (image features, caption) pairs: masked cross-entropy,
 * Adam, gradient clipping, per-epoch learning-rate decay, optionally a moving average of the weights.
 * Features are already scaled.
 */
public final class DecoderTrainer {

    /** One training pair: a row of the feature matrix and a caption's word ids. */
    public record Pair(int image, int[] words) {}

    /**
     * The decoder to keep (with validation the best epoch's, by scene accuracy or CIDEr, see
     * {@link Validation.Figures#betterThan}; else the last), each epoch's training loss and
     * validation figures, and the total time.
     */
    public record Result(CaptionDecoder decoder, List<Double> epochLosses, List<Validation.Figures> validations,
            int bestEpoch, double seconds) {}

    private final TrainSettings settings;
    private final PrintWriter log;

    public DecoderTrainer(TrainSettings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    /** Every caption of every image as a pair; captions longer than the limit are cut. */
    public static List<Pair> pairs(List<List<String>> captionsPerImage, Vocabulary vocabulary, int maxLength) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < captionsPerImage.size(); i++) {
            for (String caption : captionsPerImage.get(i)) {
                int[] words = vocabulary.encode(caption);
                if (words.length > 0) {
                    pairs.add(new Pair(i, Arrays.copyOf(words, Math.min(words.length, maxLength))));
                }
            }
        }
        return pairs;
    }

    public Result train(FeatureRows features, List<Pair> pairs, Vocabulary vocabulary) throws IOException {
        return train(features, pairs, vocabulary, null, TrainLog.none(), Checkpointing.NONE);
    }

    /** Where and how often to checkpoint, a checkpoint to go on from, and a hook after each step (tests). */
    public record Checkpointing(Path runDir, int every, int keep, Checkpoint resumeFrom, StepHook afterStep) {
        public static final Checkpointing NONE = new Checkpointing(null, 0, 0, null, step -> { });
    }

    /** Called after each step, once any checkpoint of that step is written. */
    @FunctionalInterface
    public interface StepHook {
        void after(long step) throws IOException;
    }

    /**
     * What a run goes on from instead of fresh weights: a trained decoder's configuration and weights
     * and, when the encoder trains too, its blocks (then {@code features} are rows through them).
     */
    public record Start(DecoderConfig config, DecoderParams params, EncoderTuning tuning) {
        public Start {
            if (config == null || params == null) {
                throw new IllegalArgumentException("a start needs a decoder's configuration and weights");
            }
        }
    }

    public Result train(FeatureRows features, List<Pair> pairs, Vocabulary vocabulary, Validation validation,
            TrainLog trainLog, Checkpointing checkpoints) throws IOException {
        return train(features, pairs, vocabulary, validation, trainLog, checkpoints, null);
    }

    /**
     * Trains on scaled feature rows (grids of {@code features.regions()} positions, or pooled
     * vectors), read a batch at a time; with
     * {@code validation}, validates each epoch, keeps the best and stops after {@code patience};
     * from {@code from} when not null, else from fresh weights.
     */
    public Result train(FeatureRows features, List<Pair> pairs, Vocabulary vocabulary, Validation validation,
            TrainLog trainLog, Checkpointing checkpoints, Start from) throws IOException {
        long start = System.nanoTime();
        DecoderConfig config = from != null ? from.config()
                : settings.decoderConfig(vocabulary.size(), features.width(), features.regions());
        EncoderTuning tuning = from == null ? null : from.tuning();
        Checkpoint resume = checkpoints.resumeFrom();
        CaptionDecoder decoder = DecoderTypes.create(config, resume != null ? resume.params()
                : from != null ? from.params().copy() : DecoderParams.initialise(config, settings.seed(), DataType.FLOAT));
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), settings.learningRate(), settings.clipNorm());
        Run run = resume == null ? Run.fresh(settings.seed(), pairs.size()) : Run.from(resume, adam, config, tuning);
        TrainingStep step = new TrainingStep(decoder, adam);
        WeightAverage average = settings.averageDecay() == 0 ? null : new WeightAverage(
                resume != null && resume.average() != null ? resume.average() : decoder.params(),
                settings.averageDecay(), run.step);
        for (int epoch = run.epoch; epoch <= settings.epochs(); epoch++) {
            double decay = Math.pow(settings.learningRateDecay(), epoch - 1);
            adam.setLearningRate(settings.learningRate() * decay);
            if (tuning != null) {
                tuning.setLearningRate(tuning.learningRate() * decay);
            }
            if (run.nextBatch == 0) {
                if (tuning == null) {
                    Collections.shuffle(run.order, run.rng);
                } else {
                    EncoderTuning.shuffleByImage(run.order, pairs, run.rng);
                }
                run.lossSum = 0;
                run.words = 0;
            }
            Window window = new Window();
            long epochStart = System.nanoTime();
            int batches = (pairs.size() + settings.batchSize() - 1) / settings.batchSize();
            for (int b = run.nextBatch; b < batches; b++) {
                List<Pair> slice = new ArrayList<>();
                for (int i = b * settings.batchSize(); i < Math.min(pairs.size(), (b + 1) * settings.batchSize()); i++) {
                    slice.add(pairs.get(run.order.get(i)));
                }
                TrainingStep.Loss lg = tuning == null ? step.run(() -> batch(features, slice, vocabulary), run.rng, epoch - 1)
                        : tunedStep(step, tuning, batch(features, slice, vocabulary), run.rng, epoch - 1);
                if (average != null) {
                    average.update(decoder.params());
                }
                run.step++;
                run.lossSum += lg.loss() * lg.words();
                run.words += lg.words();
                window.add(lg.loss(), lg.words(), slice.size());
                trainLog.progress(epoch, run.step, (long) batches * settings.epochs(), lg.loss());
                if (run.step % settings.logEvery() == 0) {
                    trainLog.step(run.step, epoch, window.loss(), window.captionsPerSecond());
                    window = new Window();
                }
                boolean epochEnd = b == batches - 1;
                if (!epochEnd && checkpoints.runDir() != null && checkpoints.every() > 0 && run.step % checkpoints.every() == 0) {
                    run.checkpoint(epoch, b + 1, decoder, adam, average, tuning).save(checkpoints.runDir(), checkpoints.keep());
                }
                if (!epochEnd) {
                    checkpoints.afterStep().after(run.step);
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            run.epochLosses.add(run.lossSum / run.words);
            String line = String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, %.1f s, %.0f captions/s", epoch,
                    settings.epochs(), run.lossSum / run.words, seconds, pairs.size() / seconds);
            if (validation != null) {
                Validated validated = validate(tuning == null ? validation
                        : validation.withFeatures(EncoderTuning.inMemory(validation.features())), decoder, average);
                Validation.Figures figures = validated.figures();
                run.validations.add(figures);
                boolean improved = run.best == null || figures.betterThan(run.validations.get(run.bestEpoch - 1));
                if (improved) {
                    run.best = validated.params().copy();
                    run.bestEncoder = tuning == null ? null : tuning.top().params().dup();
                    run.bestEpoch = epoch;
                }
                trainLog.validation(run.step, epoch, figures, improved);
                line += "; " + validated.description() + (improved ? " (best)" : "");
            }
            log.println(line);
            log.flush();
            run.nextBatch = 0;
            if (checkpoints.runDir() != null) {
                run.checkpoint(epoch + 1, 0, decoder, adam, average, tuning).save(checkpoints.runDir(), checkpoints.keep());
            }
            checkpoints.afterStep().after(run.step);
            if (validation != null && settings.patience() > 0 && epoch - run.bestEpoch >= settings.patience()) {
                log.printf("early stop: no better validation for %d epochs; keeping epoch %d%n",
                        settings.patience(), run.bestEpoch);
                break;
            }
        }
        CaptionDecoder kept = run.best != null ? decoder.withParams(run.best) : decoder;
        if (tuning != null && run.bestEncoder != null) {
            tuning.top().params().assign(run.bestEncoder);
        }
        return new Result(kept, run.epochLosses, run.validations, run.best != null ? run.bestEpoch : run.epochLosses.size(),
                (System.nanoTime() - start) / 1e9);
    }

    /** A step of the decoder and, from the gradient in its features, of the encoder's blocks. */
    private static TrainingStep.Loss tunedStep(TrainingStep step, EncoderTuning tuning, Batch batch, Random rng,
            int epoch) {
        TrainingStep.LossAndFeatureGradient lg = step.runWithFeatureGradient(() -> batch, rng, epoch, tuning.scaler());
        tuning.step(lg.featureGradient(), epoch);
        return lg.loss();
    }

    /** An epoch's validation: the figures and weights it keeps, and what to log. */
    private record Validated(Validation.Figures figures, DecoderParams params, String description) {}

    /** Validates the weights and, when an average is kept, the average too, keeping the better. */
    private static Validated validate(Validation validation, CaptionDecoder decoder, WeightAverage average) {
        Validation.Figures last = validation.evaluate(decoder);
        if (average == null) {
            return new Validated(last, decoder.params(), last.describe());
        }
        Validation.Figures averaged = validation.evaluate(decoder.withParams(average.params()));
        boolean useAverage = averaged.betterThan(last);
        String description = "weights: " + last.describe() + "; average: " + averaged.describe()
                + (useAverage ? "; the average kept" : "");
        return useAverage ? new Validated(averaged, average.params(), description)
                : new Validated(last, decoder.params(), description);
    }

    /** The mutable state of a run, as a checkpoint saves it. */
    private static final class Run {
        int epoch = 1;
        int nextBatch;
        long step;
        double lossSum;
        long words;
        Random rng;
        List<Integer> order;
        List<Double> epochLosses = new ArrayList<>();
        List<Validation.Figures> validations = new ArrayList<>();
        DecoderParams best;
        INDArray bestEncoder;
        int bestEpoch;

        static Run fresh(long seed, int pairs) {
            Run run = new Run();
            run.rng = new Random(seed);
            run.order = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                run.order.add(i);
            }
            return run;
        }

        static Run from(Checkpoint c, AdamOptimizer adam, DecoderConfig config, EncoderTuning tuning) {
            Checkpoint.State s = c.state();
            Run run = new Run();
            run.epoch = s.epoch();
            run.nextBatch = s.nextBatch();
            run.step = s.step();
            run.lossSum = s.lossSum();
            run.words = s.words();
            run.rng = c.rng();
            run.order = new ArrayList<>(Arrays.stream(s.order()).boxed().toList());
            run.epochLosses = new ArrayList<>(s.epochLosses());
            run.validations = new ArrayList<>(s.validations());
            run.best = c.best();
            run.bestEpoch = s.bestEpoch();
            adam.restore(c.adam(), s.adamIteration());
            if (tuning != null) {
                if (c.encoder() == null) {
                    throw new IllegalArgumentException("the checkpoint holds no encoder blocks to go on fine-tuning");
                }
                run.bestEncoder = tuning.restore(c.encoder(), s.adamIteration());
            }
            return run;
        }

        Checkpoint checkpoint(int nextEpoch, int batch, CaptionDecoder decoder, AdamOptimizer adam, WeightAverage average,
                EncoderTuning tuning) {
            Checkpoint.State state = new Checkpoint.State(nextEpoch, batch, step, batch == 0 ? 0 : lossSum,
                    batch == 0 ? 0 : words, epochLosses, validations, bestEpoch,
                    order.stream().mapToInt(Integer::intValue).toArray(), adam.iteration());
            return new Checkpoint(state, rng, decoder.params(), adam.states(), best,
                    average == null ? null : average.params(), tuning == null ? null : tuning.state(bestEncoder));
        }
    }

    /** Loss and speed since the last log line. */
    private static final class Window {
        private final long start = System.nanoTime();
        private double lossSum;
        private long words;
        private int captions;

        void add(double loss, int w, int c) {
            lossSum += loss * w;
            words += w;
            captions += c;
        }

        double loss() {
            return lossSum / words;
        }

        double captionsPerSecond() {
            return captions / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Features of the slice's images and their captions as start ... end, padded to one length. */
    static Batch batch(FeatureRows features, List<Pair> slice, Vocabulary vocabulary) {
        int[] rows = slice.stream().mapToInt(Pair::image).toArray();
        int[][] words = slice.stream().map(Pair::words).toArray(int[][]::new);
        boolean[] ended = new boolean[words.length];
        Arrays.fill(ended, true);
        return new Batch(features.rows(rows), tokenRows(words, ended, vocabulary), vocabulary.padId());
    }

    /**
     * Captions as token rows of one length: start, the words, the end word where {@code ended}
     * (a caption cut at a length limit has none), then padding.
     */
    public static int[][] tokenRows(int[][] words, boolean[] ended, Vocabulary vocabulary) {
        int longest = Arrays.stream(words).mapToInt(w -> w.length).max().orElse(0);
        int[][] tokens = new int[words.length][longest + 2];
        for (int r = 0; r < words.length; r++) {
            Arrays.fill(tokens[r], vocabulary.padId());
            tokens[r][0] = vocabulary.startId();
            System.arraycopy(words[r], 0, tokens[r], 1, words[r].length);
            if (ended[r]) {
                tokens[r][words[r].length + 1] = vocabulary.endId();
            }
        }
        return tokens;
    }
}
