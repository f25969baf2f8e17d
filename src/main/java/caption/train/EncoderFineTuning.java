package caption.train;

import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.decoder.DecoderType;
import caption.decoder.DecoderTypes;
import caption.encoder.FeatureRows;
import caption.encoder.FeatureStore;
import caption.encoder.ImageEncoder;
import caption.encoder.TrainableTop;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelConfig;
import caption.model.ModelFile;
import caption.model.Provenance;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained captioner whose encoder learns too: the model's decoder goes on by cross-entropy while
 * the encoder's last fire blocks (from {@code trainableFrom}) train with their own Adam on the
 * gradient the decoder hands back (im2txt's second stage). The frozen part's grids are stored once;
 * a step runs only the trainable blocks. The model's vocabulary, scaler and search stay; the best
 * epoch by validation is kept, encoder and decoder together.
 *
 * @param trainableFrom the first fire block that trains (fire7, fire8 or fire9)
 * @param encoderLearningRate the blocks' Adam learning rate; 0 holds them as they are (the decoder
 *     alone adapts to them: a further ensemble member for an encoder fine-tuned with another)
 * @param encoderFrom a model file whose encoder the blocks start from instead of the model's own; or null
 */
public record EncoderFineTuning(String trainableFrom, double encoderLearningRate, String encoderFrom) {

    public static final String DEFAULT_TRAINABLE_FROM = "fire8";

    public EncoderFineTuning {
        if (!(encoderLearningRate >= 0)) {
            throw new IllegalArgumentException("the encoder's learning rate must be 0 or more, not " + encoderLearningRate);
        }
    }

    /**
     * Fine-tunes {@code model} on {@code data}, validating on {@code validationData}; of an ensemble,
     * its first model (the one that gives its search and attention maps).
     */
    public CaptionModel train(CaptionModel model, CaptionDataset data, CaptionDataset validationData, TrainSettings settings,
            DecoderTrainer.Checkpointing checkpoints, TrainLog.ProgressView progress, PrintWriter log) throws IOException {
        CaptionModel from = model;
        if (!model.ensemble().isEmpty()) {
            log.printf("fine-tuning the first of the ensemble's %d models%n", model.ensemble().size() + 1);
            from = model.member(1);
        }
        DecoderType type = DecoderTypes.named(from.decoder().config().type());
        boolean pooled = type.input() != DecoderType.FeatureInput.GRID;
        ImageEncoder.Description description = from.encoder().description();
        if (pooled && ((description.poolRegions() != null && description.poolRegions() > 1)
                || Boolean.TRUE.equals(description.poolMax()))) {
            throw new IllegalArgumentException("fine-tuning reads the pooled vector as the grid's average; this model "
                    + "pools regions or maxima");
        }
        ImageEncoder startEncoder = encoderFrom == null ? from.encoder() : ModelFile.load(Path.of(encoderFrom)).encoder();
        TrainableTop top = TrainableTop.split(startEncoder, trainableFrom);
        FeatureStore store = FeatureStore.inCache(log, FeatureStore.Dtype.parse(settings.featureDtype()));
        long start = System.nanoTime();
        DecoderTrainer.Result result;
        List<DecoderTrainer.Pair> pairs;
        try (FeatureRows bottom = store.grid(top.bottom(), paths(data));
                FeatureRows validationBottom = validationData == null ? null : store.grid(top.bottom(), paths(validationData))) {
            EncoderTuning tuning = new EncoderTuning(top, from.scaler(), bottom.regions(), pooled, encoderLearningRate,
                    settings.clipNorm());
            pairs = DecoderTrainer.pairs(references(data), from.vocabulary(), settings.maxCaptionLength());
            log.printf("fine-tuning %s with the decoder on %d images, %d captions; Adam %.2g for the encoder%n",
                    String.join(", ", top.layers()), data.images().size(), pairs.size(), encoderLearningRate);
            Validation validation = validationData == null ? null : new Validation(tuning.rows(validationBottom),
                    references(validationData), CaptionTraining.scenesOf(validationData), from.vocabulary(),
                    new SearchSettings(settings.validationBeam(), settings.maxCaptionLength(), SearchSettings.DEFAULT_ALPHA),
                    settings.batchSize());
            long resumedAt = checkpoints.resumeFrom() == null ? 0 : checkpoints.resumeFrom().state().step();
            Path runDir = checkpoints.runDir();
            try (TrainLog trainLog = runDir == null ? TrainLog.none() : TrainLog.in(runDir, resumedAt)) {
                if (progress != null) {
                    trainLog.showProgress(progress);
                }
                result = new DecoderTrainer(settings, log).train(tuning.rows(bottom), pairs, from.vocabulary(), validation,
                        trainLog, checkpoints, new DecoderTrainer.Start(from.decoder().config(), from.decoder().params(), tuning));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> fineTuned = new LinkedHashMap<>();
        fineTuned.put("fineTunedLayers", top.layers());
        fineTuned.put("fineTunedOn", data.root().toAbsolutePath().normalize().toString());
        fineTuned.put("fineTuningLearningRate", encoderLearningRate);
        // held blocks: the encoder is the one it started from, so that models sharing it join into an ensemble
        ImageEncoder encoder = encoderLearningRate == 0 ? startEncoder : top.merged(fineTuned);
        return new CaptionModel(ModelConfig.of(from.config().decoder(), from.config().search()), encoder, from.scaler(), result.decoder(), from.vocabulary(),
                provenance(from.provenance(), settings, result, validationData, seconds, encoder));
    }

    private static List<Path> paths(CaptionDataset data) {
        return data.images().stream().map(CaptionedImage::path).toList();
    }

    private static List<List<String>> references(CaptionDataset data) {
        return data.images().stream().map(CaptionedImage::captions).toList();
    }

    private Provenance provenance(Provenance from, TrainSettings settings, DecoderTrainer.Result result,
            CaptionDataset validationData, double seconds, ImageEncoder encoder) {
        Map<String, Object> all = new LinkedHashMap<>(from == null || from.settings() == null ? Map.of() : from.settings());
        Map<String, Object> fineTuning = new LinkedHashMap<>(Json.MAPPER.convertValue(settings, Json.OBJECT));
        fineTuning.put("trainableFrom", trainableFrom);
        fineTuning.put("encoderLearningRate", encoderLearningRate);
        fineTuning.put("epochLosses", result.epochLosses());
        fineTuning.put("keptEpoch", result.bestEpoch());
        fineTuning.put("seconds", Math.round(seconds));
        all.put("encoderFineTuning", fineTuning);
        boolean validated = validationData != null;
        String note = String.format(Locale.ROOT, "encoder fine-tuned from %s with the decoder for %d epochs; kept epoch %d",
                trainableFrom, result.epochLosses().size(), result.bestEpoch());
        long earlier = from == null || from.trainingSeconds() == null ? 0 : from.trainingSeconds();
        return new Provenance(from == null ? null : from.dataset(), from == null ? null : from.images(),
                from == null ? null : from.captions(), from == null ? null : from.skippedImages(), all,
                result.epochLosses().get(result.epochLosses().size() - 1), result.epochLosses(),
                validated ? validationData.images().size() : null,
                validated ? result.validations().stream().map(Validation.Figures::toProvenance).toList() : null,
                validated ? result.bestEpoch() : null, earlier + Math.round(seconds),
                encoder.description().provenance(), Instant.now().toString(), GitCommit.describe(), note);
    }
}
