package caption.train;

import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.data.Vocabulary;
import caption.data.shapes.Scene;
import caption.data.shapes.ScenesFile;
import caption.decoder.DecoderType;
import caption.decoder.FeatureScaler;
import caption.encoder.FeatureRows;
import caption.encoder.FeatureStore;
import caption.encoder.ImageEncoder;
import caption.model.CaptionModel;
import caption.model.ModelConfig;
import caption.model.Provenance;
import caption.io.Json;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trains a whole captioner on a COCO-style folder: stored features, vocabulary, decoder, provenance. */
public final class CaptionTraining {

    private final TrainSettings settings;
    private final PrintWriter log;

    public CaptionTraining(TrainSettings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    public CaptionModel train(CaptionDataset data, ImageEncoder encoder) throws IOException {
        return train(data, null, encoder, DecoderTrainer.Checkpointing.NONE);
    }

    /**
     * Trains on {@code data}; with {@code validationData}, validates each epoch and keeps the best
     * epoch; with a run folder, writes the JSON-lines log, checkpoints and the learning curves there.
     */
    private TrainLog.ProgressView progressView;

    /** Shows progress while training (the CLI's progress bar). */
    public CaptionTraining showingProgress(TrainLog.ProgressView view) {
        this.progressView = view;
        return this;
    }

    /** The features the decoder reads, from the dataset's store: grid rows for attention, else pooled vectors. */
    private FeatureRows featureRows(CaptionDataset data, ImageEncoder encoder) throws IOException {
        return storedFeatures(data, encoder, settings.decoderType(), FeatureStore.Dtype.parse(settings.featureDtype()), log);
    }

    /** The features a decoder of {@code type} reads of the dataset's images, from the store (filled when missing). */
    static FeatureRows storedFeatures(CaptionDataset data, ImageEncoder encoder, DecoderType type,
            FeatureStore.Dtype dtype, PrintWriter log) throws IOException {
        List<Path> paths = data.images().stream().map(CaptionedImage::path).toList();
        FeatureStore store = FeatureStore.inCache(log, dtype);
        return type.input() == DecoderType.FeatureInput.GRID ? store.grid(encoder, paths) : store.pooled(encoder, paths);
    }

    /** Each image's scene when the split is of shape scenes (all images have one), else null. */
    static List<Scene> scenesOf(CaptionDataset data) throws IOException {
        Optional<Map<Long, Scene>> scenes = ScenesFile.readIfPresent(data.root());
        if (scenes.isEmpty() || !data.images().stream().allMatch(image -> scenes.get().containsKey(image.id()))) {
            return null;
        }
        return data.images().stream().map(image -> scenes.get().get(image.id())).toList();
    }

    public CaptionModel train(CaptionDataset data, CaptionDataset validationData, ImageEncoder encoder,
            DecoderTrainer.Checkpointing checkpoints) throws IOException {
        Path runDir = checkpoints.runDir();
        long start = System.nanoTime();
        DecoderTrainer.Result result;
        FeatureScaler scaler;
        Vocabulary vocabulary;
        List<DecoderTrainer.Pair> pairs;
        try (FeatureRows raw = featureRows(data, encoder);
                FeatureRows validationRaw = validationData == null ? null : featureRows(validationData, encoder)) {
            scaler = ScaledRows.fit(raw);
            FeatureRows features = new ScaledRows(raw, scaler);
            vocabulary = Vocabulary.build(data.allCaptions(), settings.minWordCount());
            pairs = DecoderTrainer.pairs(data.images().stream().map(CaptionedImage::captions).toList(), vocabulary,
                    settings.maxCaptionLength());
            log.printf("training on %d images, %d captions, vocabulary %d words%n",
                    data.images().size(), pairs.size(), vocabulary.size());
            Validation validation = null;
            if (validationData != null) {
                validation = new Validation(new ScaledRows(validationRaw, scaler),
                        validationData.images().stream().map(CaptionedImage::captions).toList(),
                        scenesOf(validationData), vocabulary,
                        new SearchSettings(settings.validationBeam(), settings.maxCaptionLength(), SearchSettings.DEFAULT_ALPHA),
                        settings.batchSize());
            }
            long resumedAt = checkpoints.resumeFrom() == null ? 0 : checkpoints.resumeFrom().state().step();
            try (TrainLog trainLog = runDir == null ? TrainLog.none() : TrainLog.in(runDir, resumedAt)) {
                if (progressView != null) {
                    trainLog.showProgress(progressView);
                }
                result = new DecoderTrainer(settings, log).train(features, pairs, vocabulary, validation, trainLog,
                        checkpoints);
                if (runDir != null) {
                    LearningCurves.write(trainLog, runDir.resolve(LearningCurves.FILE),
                            "caption training: " + data.root().getFileName());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean validated = validationData != null;
        Provenance provenance = new Provenance(data.root().toAbsolutePath().normalize().toString(),
                data.images().size(), pairs.size(), data.skipped(), Json.MAPPER.convertValue(settings, Json.OBJECT),
                result.epochLosses().get(result.epochLosses().size() - 1), result.epochLosses(),
                validated ? validationData.images().size() : null,
                validated ? result.validations().stream().map(Validation.Figures::toProvenance).toList() : null,
                validated ? result.bestEpoch() : null, Math.round(seconds), encoder.description().provenance(),
                Instant.now().toString(), GitCommit.describe(), null);
        ModelConfig config = ModelConfig.of(result.decoder().config(),
                new SearchSettings(SearchSettings.DEFAULT_BEAM, settings.maxCaptionLength(), SearchSettings.DEFAULT_ALPHA));
        return new CaptionModel(config, encoder, scaler, result.decoder(), vocabulary, provenance);
    }
}
