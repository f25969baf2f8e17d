package caption.train;

import caption.data.Vocabulary;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.ShowTellDecoder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Teacher-forced training of the decoder on (image features, caption) pairs: masked cross-entropy,
 * Adam, gradient clipping, per-epoch learning-rate decay. Features are already scaled.
 */
public final class DecoderTrainer {

    /** One training pair: a row of the feature matrix and a caption's word ids. */
    public record Pair(int image, int[] words) {}

    /** Loss of each epoch and the total time. */
    public record Result(ShowTellDecoder decoder, List<Double> epochLosses, double seconds) {}

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

    public Result train(INDArray features, List<Pair> pairs, Vocabulary vocabulary) {
        long start = System.nanoTime();
        DecoderConfig config = new DecoderConfig(DecoderConfig.SHOW_TELL, vocabulary.size(), (int) features.size(1),
                settings.embeddingSize(), settings.hiddenSize(), settings.dropout());
        ShowTellDecoder decoder = new ShowTellDecoder(config,
                DecoderParams.initialise(config, settings.seed(), DataType.FLOAT));
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), settings.learningRate(), settings.clipNorm());
        Random rng = new Random(settings.seed());
        List<Pair> order = new ArrayList<>(pairs);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            adam.setLearningRate(settings.learningRate() * Math.pow(settings.learningRateDecay(), epoch));
            Collections.shuffle(order, rng);
            double lossSum = 0;
            long words = 0;
            long epochStart = System.nanoTime();
            for (int from = 0; from < order.size(); from += settings.batchSize()) {
                List<Pair> slice = order.subList(from, Math.min(order.size(), from + settings.batchSize()));
                ShowTellDecoder.LossAndGradients lg = decoder.lossAndGradients(batch(features, slice, vocabulary), rng);
                adam.step(decoder.params().asMap(), lg.gradients(), epoch);
                lossSum += lg.loss() * lg.words();
                words += lg.words();
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            losses.add(lossSum / words);
            log.printf("epoch %d/%d: loss %.4f, %.1f s, %.0f captions/s%n", epoch + 1, settings.epochs(),
                    lossSum / words, seconds, order.size() / seconds);
            log.flush();
        }
        return new Result(decoder, losses, (System.nanoTime() - start) / 1e9);
    }

    /** Features of the slice's images and their captions as start ... end, padded to one length. */
    static ShowTellDecoder.Batch batch(INDArray features, List<Pair> slice, Vocabulary vocabulary) {
        int longest = slice.stream().mapToInt(p -> p.words().length).max().orElse(0);
        int[][] tokens = new int[slice.size()][longest + 2];
        int[] rows = new int[slice.size()];
        for (int r = 0; r < slice.size(); r++) {
            Pair p = slice.get(r);
            rows[r] = p.image();
            Arrays.fill(tokens[r], vocabulary.padId());
            tokens[r][0] = vocabulary.startId();
            System.arraycopy(p.words(), 0, tokens[r], 1, p.words().length);
            tokens[r][p.words().length + 1] = vocabulary.endId();
        }
        return new ShowTellDecoder.Batch(Nd4j.pullRows(features, 1, rows), tokens, vocabulary.padId());
    }
}
