package caption.eval;

import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.data.shapes.Scene;
import caption.data.shapes.ScenesFile;
import caption.image.ImageDecoder;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Captions every image of a split and measures the captions; scene accuracy when scenes.json exists. */
public final class Evaluation {

    private static final int BATCH = 32;

    /** One image's caption, as a COCO results entry. */
    public record Result(long imageId, String caption) {}

    public record Report(List<Result> results, Map<String, Object> figures) {}

    private Evaluation() {}

    public static Report run(CaptionModel model, CaptionDataset data, SearchSettings search) throws IOException {
        return run(model, data, search, null);
    }

    /**
     * As {@link #run(CaptionModel, CaptionDataset, SearchSettings)}, and with {@code training} (a
     * training split, or null) the share of captions that are word for word one of its captions;
     * for an attention model, how sharp its attention is ({@link AttentionSharpness}).
     */
    public static Report run(CaptionModel model, CaptionDataset data, SearchSettings search, CaptionDataset training)
            throws IOException {
        long start = System.nanoTime();
        boolean attends = model.config().decoder().decoderType().attends();
        AttentionSharpness sharpness = new AttentionSharpness();
        Optional<Map<Long, Scene>> scenes = ScenesFile.readIfPresent(data.root());
        SceneAccuracy accuracy = new SceneAccuracy();
        List<Result> results = new ArrayList<>();
        List<CaptionedImage> images = data.images();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<CaptionedImage> slice = images.subList(from, Math.min(images.size(), from + BATCH));
            List<BufferedImage> decoded = new ArrayList<>();
            for (CaptionedImage image : slice) {
                decoded.add(ImageDecoder.read(image.path()));
            }
            List<Caption> captions = model.caption(decoded, search, attends);
            for (int i = 0; i < slice.size(); i++) {
                long id = slice.get(i).id();
                if (captions.get(i).attention() != null) {
                    sharpness.add(captions.get(i).attention());
                }
                results.add(new Result(id, captions.get(i).text()));
                Scene scene = scenes.map(s -> s.get(id)).orElse(null);
                if (scene != null) {
                    accuracy.add(captions.get(i).text(), scene);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("images", results.size());
        figures.put("beam", search.beamSize());
        if (!results.isEmpty()) {
            figures.putAll(captionMetrics(results, images));
            figures.put("distinct_captions", results.stream().map(Result::caption).distinct().count());
            if (training != null) {
                figures.put("training_caption_share", trainingCaptionShare(results, training));
            }
        }
        figures.putAll(sharpness.figures());
        if (scenes.isPresent()) {
            figures.putAll(new java.util.TreeMap<>(accuracy.figures()));
        }
        figures.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        return new Report(results, figures);
    }

    /** The share of results that are word for word a caption of {@code training}, as the toolkit tokenises both. */
    private static double trainingCaptionShare(List<Result> results, CaptionDataset training) {
        CocoTokenizer tokenizer = new CocoTokenizer();
        Set<String> seen = new HashSet<>();
        training.images().forEach(image -> image.captions().forEach(c -> seen.add(tokenizer.tokenize(c))));
        return results.stream().filter(r -> seen.contains(tokenizer.tokenize(r.caption()))).count() / (double) results.size();
    }

    /** The COCO toolkit's metrics of the results against the split's reference captions. */
    private static Map<String, Double> captionMetrics(List<Result> results, List<CaptionedImage> images) {
        Map<Long, String> captions = new LinkedHashMap<>();
        results.forEach(r -> captions.put(r.imageId(), r.caption()));
        Map<Long, List<String>> references = new LinkedHashMap<>();
        images.forEach(image -> references.put(image.id(), image.captions()));
        return new CaptionScorer().score(captions, references).corpus();
    }
}
