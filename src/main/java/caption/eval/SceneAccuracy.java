package caption.eval;

import caption.data.shapes.CaptionChecker;
import caption.data.shapes.CaptionErrors;
import caption.data.shapes.Scene;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tally of checker verdicts over a split: scene accuracy is the share true and complete; relation
 * accuracy is, of the captions that state a relation ("to the left of", "above", ...), the share
 * that are true, the relation included. Wrong captions are also tallied by the kinds of error they
 * make ({@link CaptionErrors}; one caption can count under several).
 */
public final class SceneAccuracy {

    private final CaptionChecker checker = new CaptionChecker();
    private final CaptionErrors errors = new CaptionErrors();
    private final Map<CaptionErrors.Kind, Integer> errorCounts = new EnumMap<>(CaptionErrors.Kind.class);
    private int images;
    private int parsed;
    private int truthful;
    private int complete;
    private int correct;
    private int relational;
    private int relationalTrue;

    public void add(String caption, Scene scene) {
        CaptionChecker.Verdict v = checker.check(caption, scene);
        images++;
        parsed += v.parsed() ? 1 : 0;
        truthful += v.isTrue() ? 1 : 0;
        complete += v.complete() ? 1 : 0;
        correct += v.correct() ? 1 : 0;
        boolean statesRelation = checker.parse(caption).map(p -> !p.relations().isEmpty()).orElse(false);
        relational += statesRelation ? 1 : 0;
        relationalTrue += statesRelation && v.isTrue() ? 1 : 0;
        errors.of(caption, scene).forEach(kind -> errorCounts.merge(kind, 1, Integer::sum));
    }

    public double sceneAccuracy() {
        return share(correct);
    }

    public Map<String, Object> figures() {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (CaptionErrors.Kind kind : CaptionErrors.Kind.values()) {
            byKind.put(kind.name().toLowerCase(Locale.ROOT), errorCounts.getOrDefault(kind, 0));
        }
        return Map.of("scene_accuracy", share(correct), "true_rate", share(truthful),
                "complete_rate", share(complete), "parse_rate", share(parsed), "scenes", images,
                "relation_captions", relational,
                "relation_accuracy", relational == 0 ? 0 : relationalTrue / (double) relational,
                "errors_by_kind", byKind);
    }

    private double share(int count) {
        return images == 0 ? 0 : count / (double) images;
    }
}
