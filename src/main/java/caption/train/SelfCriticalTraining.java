package caption.train;

import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.data.shapes.Scene;
import caption.decoder.DecoderTypes;
import caption.encoder.FeatureRows;
import caption.encoder.FeatureStore;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelConfig;
import caption.model.Provenance;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Self-critical training of a whole captioner: the cross-entropy model's encoder, scaler and
 * vocabulary, its features from the store, {@link SelfCriticalTrainer} on the training split and
 * validation on another; the result is a model with the same configuration and new decoder
 * weights, whose provenance keeps the cross-entropy run's and adds this one's.
 */
public final class SelfCriticalTraining {

    private final SelfCriticalTrainer.Settings settings;
    private final PrintWriter log;

    public SelfCriticalTraining(SelfCriticalTrainer.Settings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    public CaptionModel train(CaptionModel from, CaptionDataset data, CaptionDataset validationData) throws IOException {
        var type = DecoderTypes.named(from.decoder().config().type());
        FeatureStore.Dtype dtype = storedAs(from.provenance());
        CaptionReward reward = reward(data);
        SelfCriticalTrainer.Result result;
        SearchSettings search = from.config().search();
        try (FeatureRows raw = CaptionTraining.storedFeatures(data, from.encoder(), type, dtype, log);
                FeatureRows validationRaw = validationData == null ? null
                        : CaptionTraining.storedFeatures(validationData, from.encoder(), type, dtype, log)) {
            Validation validation = validationData == null ? null
                    : validation(from, validationData, validationRaw,
                            new SearchSettings(SearchSettings.DEFAULT_BEAM, settings.maxLength(), SearchSettings.DEFAULT_ALPHA));
            log.printf("self-critical training on %d images, %d samples each%n", data.images().size(), settings.samples());
            result = new SelfCriticalTrainer(settings, log).train(from.decoder(), new ScaledRows(raw, from.scaler()),
                    reward, from.vocabulary(), validation, keptFigures(from.provenance(), validationData));
            if (validation != null) {
                search = SearchTuning.tune(result.decoder(), validation.withSearch(search), log);
            }
        }
        return new CaptionModel(ModelConfig.of(from.config().decoder(), search), from.encoder(), from.scaler(), result.decoder(), from.vocabulary(),
                provenance(from.provenance(), result, validationData));
    }

    /**
     * The model with its default search chosen on {@code validationData} ({@link SearchTuning}):
     * for a model trained without self-critical training, whose search was never measured.
     */
    public static CaptionModel withTunedSearch(CaptionModel from, CaptionDataset validationData, PrintWriter log)
            throws IOException {
        var type = DecoderTypes.named(from.decoder().config().type());
        SearchSettings search = from.config().search();
        try (FeatureRows raw = CaptionTraining.storedFeatures(validationData, from.encoder(), type,
                storedAs(from.provenance()), log)) {
            search = SearchTuning.tune(from.decoder(), validation(from, validationData, raw, search), log);
        }
        return new CaptionModel(ModelConfig.of(from.config().decoder(), search), from.encoder(), from.scaler(),
                from.decoder(), from.vocabulary(), from.provenance());
    }

    /** The validation split as the model sees it: its stored features scaled by the model's scaler. */
    private static Validation validation(CaptionModel model, CaptionDataset data, FeatureRows raw, SearchSettings search)
            throws IOException {
        return new Validation(new ScaledRows(raw, model.scaler()), references(data), CaptionTraining.scenesOf(data),
                model.vocabulary(), search, 64);
    }

    /** The store's dtype of the cross-entropy run, so that its stored features are read again. */
    private static FeatureStore.Dtype storedAs(Provenance p) {
        Object dtype = p == null || p.settings() == null ? null : p.settings().get("featureDtype");
        return FeatureStore.Dtype.parse(dtype == null ? TrainSettings.DEFAULT_FEATURE_DTYPE : dtype.toString());
    }

    /** The settings' reward over the training images; scene truth needs the split's scenes. */
    private CaptionReward reward(CaptionDataset data) throws IOException {
        return switch (settings.reward()) {
            case CIDER_D -> CaptionReward.ciderD(references(data));
            case SCENE_TRUTH -> {
                List<Scene> scenes = CaptionTraining.scenesOf(data);
                if (scenes == null) {
                    throw new IllegalArgumentException(data.root() + ": no scenes.json with every image's scene, "
                            + "which the scene-truth reward needs (a split written by 'caption dataset shapes')");
                }
                yield CaptionReward.sceneTruth(scenes, references(data));
            }
        };
    }

    private static List<List<String>> references(CaptionDataset data) {
        return data.images().stream().map(CaptionedImage::captions).toList();
    }

    /**
     * The cross-entropy model's validation figures of its kept epoch, when it was validated on as
     * many images as {@code validationData} has (then the same split); else null (measured again).
     */
    static Validation.Figures keptFigures(Provenance p, CaptionDataset validationData) {
        if (validationData == null || p == null || p.validation() == null || p.keptEpoch() == null
                || p.keptEpoch() < 1 || p.keptEpoch() > p.validation().size()
                || !Integer.valueOf(validationData.images().size()).equals(p.validationImages())) {
            return null;
        }
        Provenance.Validation v = p.validation().get(p.keptEpoch() - 1);
        if (v.loss() == null || v.cider() == null || v.bleu4() == null) {
            return null;
        }
        return new Validation.Figures(v.loss(), v.cider(), v.bleu4(), v.sceneAccuracy());
    }

    private Provenance provenance(Provenance from, SelfCriticalTrainer.Result result, CaptionDataset validationData) {
        Map<String, Object> settingsMap = new LinkedHashMap<>(from.settings() == null ? Map.of() : from.settings());
        Map<String, Object> scst = new LinkedHashMap<>(Json.MAPPER.convertValue(settings, Json.OBJECT));
        scst.put("meanRewards", result.meanRewards());
        scst.put("keptEpoch", result.bestEpoch());
        scst.put("seconds", Math.round(result.seconds()));
        settingsMap.put("selfCritical", scst);
        boolean validated = validationData != null;
        String note = String.format(java.util.Locale.ROOT, "self-critical training (%s reward, %d samples per "
                + "image, baseline: the mean of the other samples) for %d epochs after cross-entropy; kept %s",
                settings.reward().label(), settings.samples(), settings.epochs(),
                result.bestEpoch() == 0 ? "the cross-entropy weights (no epoch validated better)" : "epoch " + result.bestEpoch());
        return new Provenance(from.dataset(), from.images(), from.captions(), from.skippedImages(), settingsMap,
                from.finalTrainingLoss(), from.epochLosses(),
                validated ? validationData.images().size() : from.validationImages(),
                validated ? result.validations().stream().map(Validation.Figures::toProvenance).toList() : from.validation(),
                validated ? result.bestEpoch() : from.keptEpoch(),
                (from.trainingSeconds() == null ? 0 : from.trainingSeconds()) + Math.round(result.seconds()),
                from.encoder(), Instant.now().toString(), GitCommit.describe(), note);
    }
}
