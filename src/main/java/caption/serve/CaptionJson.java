package caption.serve;

import caption.api.Alternative;
import caption.api.Caption;
import caption.api.ModelInfo;
import caption.model.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON: field names as the CLI's JSON lines have them ({@code caption}, {@code log_prob}, {@code n_best}). */
final class CaptionJson {

    private CaptionJson() {}

    static Map<String, Object> caption(String model, String image, Caption c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("image", image);
        out.put("caption", c.text());
        out.put("score", c.score());
        out.put("log_prob", c.logProb());
        List<Map<String, Object>> nBest = new ArrayList<>();
        for (Alternative a : c.nBest()) {
            nBest.add(Map.of("caption", a.text(), "score", a.score(), "log_prob", a.logProb()));
        }
        out.put("n_best", nBest);
        if (c.attention() != null) {
            out.put("attention", Map.of("rows", c.attention().rows(), "cols", c.attention().columns(),
                    "words", c.attention().words(), "weights", c.attention().weights()));
        }
        if (c.lstm() != null) {
            out.put("lstm", c.lstm());
        }
        return out;
    }

    static Map<String, Object> model(ModelInfo info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", info.name());
        out.put("decoder", info.decoder());
        out.put("vocabulary_size", info.vocabularySize());
        out.put("attends", info.attends());
        out.put("default_beam", info.defaultBeam());
        out.put("default_max_length", info.defaultMaxLength());
        out.put("training", training(info.provenance()));
        return out;
    }

    private static Map<String, Object> training(Provenance p) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "dataset", p.dataset() == null ? null : java.nio.file.Path.of(p.dataset()).getFileName().toString());
        putIfPresent(out, "images", p.images());
        putIfPresent(out, "captions", p.captions());
        putIfPresent(out, "validation_images", p.validationImages());
        putIfPresent(out, "kept_epoch", p.keptEpoch());
        putIfPresent(out, "validation", p.keptValidation());
        putIfPresent(out, "training_seconds", p.trainingSeconds());
        putIfPresent(out, "date", p.date());
        return out;
    }

    private static void putIfPresent(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
