package caption.serve;

import caption.api.ModelInfo;
import caption.model.Caption;
import caption.model.CaptionJson;
import caption.model.Provenance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON: a model's description, and a caption under the model's name ({@link CaptionJson}'s fields). */
final class ModelJson {

    private ModelJson() {}

    /** A caption's JSON: the model's name, then the caption's fields as the CLI's JSON lines have them. */
    static Map<String, Object> caption(String model, Caption c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.putAll(CaptionJson.fields(c));
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
