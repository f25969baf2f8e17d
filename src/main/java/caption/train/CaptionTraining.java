package caption.train;

import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.data.Vocabulary;
import caption.decoder.FeatureScaler;
import caption.encoder.FeatureCache;
import caption.encoder.ImageEncoder;
import caption.model.CaptionModel;
import caption.model.ModelConfig;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trains a whole captioner on a COCO-style folder: cached features, vocabulary, decoder, provenance. */
public final class CaptionTraining {

    private final TrainSettings settings;
    private final PrintWriter log;

    public CaptionTraining(TrainSettings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    public CaptionModel train(CaptionDataset data, ImageEncoder encoder) throws IOException {
        long start = System.nanoTime();
        List<Path> paths = data.images().stream().map(CaptionedImage::path).toList();
        INDArray pooled = new FeatureCache(data.root().resolve(".cache"), log).pooled(encoder, paths);
        FeatureScaler scaler = FeatureScaler.fit(pooled);
        INDArray features = scaler.apply(pooled);
        Vocabulary vocabulary = Vocabulary.build(data.allCaptions(), settings.minWordCount());
        List<DecoderTrainer.Pair> pairs = DecoderTrainer.pairs(
                data.images().stream().map(CaptionedImage::captions).toList(), vocabulary,
                settings.maxCaptionLength());
        log.printf("training on %d images, %d captions, vocabulary %d words%n",
                data.images().size(), pairs.size(), vocabulary.size());
        DecoderTrainer.Result result = new DecoderTrainer(settings, log).train(features, pairs, vocabulary);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", data.root().toAbsolutePath().normalize().toString());
        provenance.put("images", data.images().size());
        provenance.put("captions", pairs.size());
        provenance.put("skippedImages", data.skipped());
        provenance.put("settings", settings);
        provenance.put("finalTrainingLoss", result.epochLosses().get(result.epochLosses().size() - 1));
        provenance.put("epochLosses", result.epochLosses());
        provenance.put("trainingSeconds", Math.round(seconds));
        provenance.put("encoder", encoder.description().provenance());
        provenance.put("date", Instant.now().toString());
        provenance.put("commit", GitCommit.describe());
        ModelConfig config = ModelConfig.of(result.decoder().config(),
                new SearchSettings(SearchSettings.DEFAULT_BEAM, settings.maxCaptionLength(), SearchSettings.DEFAULT_ALPHA));
        return new CaptionModel(config, encoder, scaler, result.decoder(), vocabulary, provenance);
    }
}
