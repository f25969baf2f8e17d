package caption.model;

import caption.data.Vocabulary;
import caption.decoder.FeatureScaler;
import caption.decoder.ShowTellDecoder;
import caption.decoder.ShowTellSteps;
import caption.encoder.Features;
import caption.encoder.ImageEncoder;
import caption.search.BeamSearch;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Everything needed to caption: encoder, feature scaler, decoder, vocabulary, and provenance. */
public final class CaptionModel {

    /** One caption with its score, and the n-best list it heads. */
    public record Caption(String text, double score, double logProb, List<Caption> nBest) {}

    private final ModelConfig config;
    private final ImageEncoder encoder;
    private final FeatureScaler scaler;
    private final ShowTellDecoder decoder;
    private final Vocabulary vocabulary;
    private final Map<String, Object> provenance;

    public CaptionModel(ModelConfig config, ImageEncoder encoder, FeatureScaler scaler, ShowTellDecoder decoder,
            Vocabulary vocabulary, Map<String, Object> provenance) {
        if (vocabulary.size() != config.decoder().vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words, the decoder "
                    + config.decoder().vocabularySize());
        }
        this.config = config;
        this.encoder = encoder;
        this.scaler = scaler;
        this.decoder = decoder;
        this.vocabulary = vocabulary;
        this.provenance = new LinkedHashMap<>(provenance);
    }

    public List<Caption> caption(List<BufferedImage> images, SearchSettings search) {
        return captionFeatures(encoder.encode(images), search);
    }

    /** Captions of already encoded images. */
    public List<Caption> captionFeatures(Features features, SearchSettings search) {
        INDArray pooled = scaler.apply(features.pooled());
        BeamSearch beam = new BeamSearch(search, vocabulary.startId(), vocabulary.endId());
        List<Caption> captions = new ArrayList<>();
        for (int i = 0; i < features.count(); i++) {
            INDArray row = pooled.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            List<Hypothesis> nBest = beam.search(new ShowTellSteps(decoder, row, vocabulary.unknownId()));
            captions.add(toCaption(nBest));
        }
        return captions;
    }

    private Caption toCaption(List<Hypothesis> nBest) {
        List<Caption> all = new ArrayList<>();
        for (Hypothesis h : nBest) {
            all.add(new Caption(vocabulary.decode(h.words()), h.score(), h.logProb(), List.of()));
        }
        if (all.isEmpty()) {
            return new Caption("", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, List.of());
        }
        Caption best = all.get(0);
        return new Caption(best.text(), best.score(), best.logProb(), all);
    }

    public ModelConfig config() {
        return config;
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    public ShowTellDecoder decoder() {
        return decoder;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Map<String, Object> provenance() {
        return provenance;
    }
}
