package caption.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where a model came from ({@code provenance.json}): its training data, settings and figures, the
 * encoder's own provenance, when and from which commit. Fields are null where a model does not
 * record them (a model built outside {@code caption train}).
 *
 * @param dataset the training data's folder or file
 * @param images training images read; {@code captions} the captions trained on
 * @param skippedImages images of the dataset that could not be read
 * @param settings the training settings, as written by the trainer
 * @param epochLosses mean training loss per epoch; {@code finalTrainingLoss} the last of them
 * @param validation the validation figures per epoch; {@code keptEpoch} the epoch kept (1-based)
 * @param encoder the encoder's provenance (its weights and where they came from)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Provenance(
        String dataset,
        Integer images,
        Integer captions,
        Integer skippedImages,
        Map<String, Object> settings,
        Double finalTrainingLoss,
        List<Double> epochLosses,
        Integer validationImages,
        List<Validation> validation,
        Integer keptEpoch,
        Long trainingSeconds,
        Map<String, Object> encoder,
        String date,
        String commit,
        String note) {

    /** One epoch's validation: loss, CIDEr, BLEU-4 and, for shape scenes, scene accuracy. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(Double loss, Double cider, Double bleu4, Double sceneAccuracy) {}

    public Provenance {
        settings = settings == null ? null : Map.copyOf(settings);
        epochLosses = epochLosses == null ? null : List.copyOf(epochLosses);
        validation = validation == null ? null : List.copyOf(validation);
        encoder = encoder == null ? null : Map.copyOf(encoder);
    }

    /** A model with nothing recorded but a note. */
    public static Provenance note(String note) {
        return new Provenance(null, null, null, null, null, null, null, null, null, null, null, null, null, null, note);
    }

    /** The figures of the kept epoch, or null without validation. */
    public Validation keptValidation() {
        if (validation == null || validation.isEmpty()) {
            return null;
        }
        int kept = keptEpoch == null ? validation.size() : keptEpoch;
        return validation.get(Math.max(0, Math.min(validation.size(), kept) - 1));
    }
}
