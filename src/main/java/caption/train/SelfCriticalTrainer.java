package caption.train;

import caption.data.Vocabulary;
import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.DecoderTypes;
import caption.encoder.FeatureRows;
import caption.search.CaptionSearch;
import caption.search.Hypothesis;
import caption.search.SamplingSearch;
import caption.search.SearchSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Self-critical sequence training (Rennie et al., 2017) of a decoder trained by cross-entropy. For
 * each image the decoder draws {@code samples} captions; each is rewarded ({@link CaptionReward}:
 * its CIDEr-D against the image's references, on shape scenes gated by the checker); a caption's
 * baseline is the mean reward of the image's other samples (Luo, 2020), so no greedy caption has
 * to be decoded and the baseline does not depend on the caption it judges. The step is the policy
 * gradient {@code -(r - b) grad log p(caption)} through the decoder's teacher-forced backward
 * pass, each word weighted by its caption's advantage, over the batch's words (as
 * ImageCaptioning.pytorch's reward criterion). Dropout and the attention regulariser are off: the
 * gradient is that of the policy that drew the samples.
 */
public final class SelfCriticalTrainer {

    /**
     * @param imagesPerBatch images whose samples make one step
     * @param samples captions drawn per image (at least 2: the baseline is the others' mean)
     * @param maxLength longest sampled caption in words
     * @param reward what a sampled caption is paid
     */
    public record Settings(int epochs, int imagesPerBatch, int samples, double learningRate, double clipNorm,
            int maxLength, long seed, int logEvery, CaptionReward.Kind reward) {
        public Settings {
            Objects.requireNonNull(reward, "reward");
            if (epochs < 1 || imagesPerBatch < 1 || maxLength < 1 || logEvery < 1) {
                throw new IllegalArgumentException("epochs, images per batch, caption length and log interval must be positive");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("self-critical training needs at least 2 samples per image, not " + samples);
            }
            if (!(learningRate > 0) || !(clipNorm > 0)) {
                throw new IllegalArgumentException("learning rate and clipping norm must be positive");
            }
        }
    }

    /**
     * The decoder to keep (the best epoch's by validation, or the starting one when no epoch beat
     * it: {@code bestEpoch} 0), each epoch's mean sample reward and validation figures.
     */
    public record Result(CaptionDecoder decoder, List<Double> meanRewards, List<Validation.Figures> validations,
            int bestEpoch, double seconds) {}

    private final Settings settings;
    private final PrintWriter log;

    public SelfCriticalTrainer(Settings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Trains from {@code start} on scaled feature rows and each image's reward; with
     * {@code validation}, keeps the best epoch against {@code startFigures} (the starting decoder's,
     * measured when null).
     */
    public Result train(CaptionDecoder start, FeatureRows features, CaptionReward reward, Vocabulary vocabulary,
            Validation validation, Validation.Figures startFigures) {
        if (reward.images() != features.count()) {
            throw new IllegalArgumentException("rewards for " + reward.images() + " images, features of " + features.count());
        }
        if (reward.kind() != settings.reward()) {
            throw new IllegalArgumentException("a " + reward.kind().label() + " reward for settings of " + settings.reward().label());
        }
        long began = System.nanoTime();
        CaptionDecoder decoder = DecoderTypes.create(policyConfig(start.config()), start.params().copy());
        AdamOptimizer adam = new AdamOptimizer(decoder.params().asMap(), settings.learningRate(), settings.clipNorm());
        TrainingStep step = new TrainingStep(decoder, adam);
        Random rng = new Random(settings.seed());
        CaptionSearch sampler = new SamplingSearch(new SearchSettings(settings.samples(), settings.maxLength(), 0,
                SearchSettings.SAMPLE, 1.0, 0, false), vocabulary.startId(), vocabulary.endId(), rng,
                badEndings(vocabulary));
        Validation.Figures best = validation == null ? null
                : startFigures != null ? startFigures : validation.evaluate(start);
        DecoderParams bestParams = null;
        int bestEpoch = 0;
        List<Double> meanRewards = new ArrayList<>();
        List<Validation.Figures> validations = new ArrayList<>();
        List<Integer> order = new ArrayList<>(IntStream.range(0, features.count()).boxed().toList());
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            Collections.shuffle(order, rng);
            double epochReward = epoch(decoder, step, sampler, reward, features, vocabulary, order, rng, epoch);
            meanRewards.add(epochReward);
            String line = String.format(Locale.ROOT, "scst epoch %d/%d: mean sample reward (%s) %.4f", epoch,
                    settings.epochs(), reward.kind().label(), epochReward);
            if (validation != null) {
                Validation.Figures figures = validation.evaluate(decoder);
                validations.add(figures);
                boolean improved = figures.betterThan(best);
                if (improved) {
                    best = figures;
                    bestParams = decoder.params().copy();
                    bestEpoch = epoch;
                }
                line += "; " + figures.describe() + (improved ? " (best)" : "");
            }
            log.println(line);
            log.flush();
        }
        CaptionDecoder kept = validation == null ? start.withParams(decoder.params())
                : bestParams == null ? start : start.withParams(bestParams);
        return new Result(kept, meanRewards, validations, validation == null ? settings.epochs() : bestEpoch,
                (System.nanoTime() - began) / 1e9);
    }

    /** The same decoder without dropout or attention regulariser. */
    static DecoderConfig policyConfig(DecoderConfig c) {
        return new DecoderConfig(c.type(), c.vocabularySize(), c.featureSize(), c.embeddingSize(), c.hiddenSize(), 0,
                c.regions(), c.attentionSize(), 0, c.positionChannels());
    }

    /** One pass over the images; returns the mean reward of the samples drawn. */
    private double epoch(CaptionDecoder decoder, TrainingStep step, CaptionSearch sampler, CaptionReward reward,
            FeatureRows features, Vocabulary vocabulary, List<Integer> order, Random rng, int epoch) {
        double rewardSum = 0;
        long drawn = 0;
        long windowStart = System.nanoTime();
        int windowCaptions = 0;
        double windowReward = 0;
        long windowWords = 0;
        int windowCut = 0;
        int batches = (order.size() + settings.imagesPerBatch() - 1) / settings.imagesPerBatch();
        for (int b = 0; b < batches; b++) {
            List<Integer> images = order.subList(b * settings.imagesPerBatch(),
                    Math.min(order.size(), (b + 1) * settings.imagesPerBatch()));
            Samples samples = sample(decoder, sampler, reward, features, vocabulary, images);
            step.run(() -> samples.batch(features, vocabulary), rng, epoch - 1);
            for (double r : samples.rewards) {
                rewardSum += r;
                windowReward += r;
            }
            drawn += samples.rewards.length;
            windowCaptions += samples.rewards.length;
            for (int r = 0; r < samples.words.length; r++) {
                windowWords += samples.words[r].length;
                windowCut += samples.ended[r] ? 0 : 1;
            }
            if ((b + 1) % settings.logEvery() == 0) {
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                log.printf(Locale.ROOT, "scst step %d/%d (epoch %d): mean reward %.4f, %.1f words, %.1f%% cut at the "
                        + "limit, %.0f captions/s%n", b + 1, batches, epoch, windowReward / windowCaptions,
                        windowWords / (double) windowCaptions, 100.0 * windowCut / windowCaptions, windowCaptions / seconds);
                log.flush();
                windowStart = System.nanoTime();
                windowCaptions = 0;
                windowReward = 0;
                windowWords = 0;
                windowCut = 0;
            }
        }
        return drawn == 0 ? 0 : rewardSum / drawn;
    }

    /**
     * The captions drawn for a batch's images, whether each ended, their rewards and advantages. A
     * caption cut at the length limit is trained on its words only: it never chose to end there, so
     * no end word takes its advantage (for a poor caption that would push the end down everywhere).
     */
    private record Samples(int[] rows, int[][] words, boolean[] ended, double[] rewards, float[] advantages) {
        Batch batch(FeatureRows features, Vocabulary vocabulary) {
            return new Batch(features.rows(rows), DecoderTrainer.tokenRows(words, ended, vocabulary), vocabulary.padId(),
                    advantages);
        }
    }

    /**
     * Words a sampled caption may not end on: ImageCaptioning.pytorch's bad endings. CIDEr-D pays
     * for the n-grams a caption has, so a sample cut after "a" or "on" keeps most of a good one's
     * reward, and the policy learns to stop there ("a boy is jumping on a").
     */
    static final List<String> BAD_ENDINGS = List.of("a", "an", "the", "in", "for", "at", "of", "with", "before",
            "after", "on", "upon", "near", "to", "is", "are", "am");

    static Set<Integer> badEndings(Vocabulary vocabulary) {
        Set<String> known = new HashSet<>(vocabulary.words());
        return BAD_ENDINGS.stream().filter(known::contains).map(vocabulary::id).collect(Collectors.toSet());
    }

    private Samples sample(CaptionDecoder decoder, CaptionSearch sampler, CaptionReward reward, FeatureRows features,
            Vocabulary vocabulary, List<Integer> images) {
        int k = settings.samples();
        int n = images.size() * k;
        int[] rows = new int[n];
        int[][] words = new int[n][];
        boolean[] ended = new boolean[n];
        double[] rewards = new double[n];
        float[] advantages = new float[n];
        for (int i = 0; i < images.size(); i++) {
            int image = images.get(i);
            List<Hypothesis> drawn = sampler.search(decoder.steps(features.rows(new int[] {image}),
                    vocabulary.unwritable()));
            double sum = 0;
            for (int j = 0; j < k; j++) {
                int r = i * k + j;
                rows[r] = image;
                words[r] = drawn.get(j).words();
                ended[r] = drawn.get(j).ended();
                rewards[r] = reward.of(image, vocabulary.decode(words[r]), ended[r]);
                sum += rewards[r];
            }
            for (int j = 0; j < k; j++) {
                int r = i * k + j;
                advantages[r] = (float) (rewards[r] - (sum - rewards[r]) / (k - 1));
            }
        }
        return new Samples(rows, words, ended, rewards, advantages);
    }
}
