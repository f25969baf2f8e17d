package caption.eval;

import caption.data.shapes.CaptionChecker;
import caption.data.shapes.Scene;
import java.util.Map;

/** Tally of checker verdicts over a split: scene accuracy is the share true and complete. */
public final class SceneAccuracy {

    private final CaptionChecker checker = new CaptionChecker();
    private int images;
    private int parsed;
    private int truthful;
    private int complete;
    private int correct;

    public void add(String caption, Scene scene) {
        CaptionChecker.Verdict v = checker.check(caption, scene);
        images++;
        parsed += v.parsed() ? 1 : 0;
        truthful += v.isTrue() ? 1 : 0;
        complete += v.complete() ? 1 : 0;
        correct += v.correct() ? 1 : 0;
    }

    public double sceneAccuracy() {
        return share(correct);
    }

    public Map<String, Object> figures() {
        return Map.of("scene_accuracy", share(correct), "true_rate", share(truthful),
                "complete_rate", share(complete), "parse_rate", share(parsed), "scenes", images);
    }

    private double share(int count) {
        return images == 0 ? 0 : count / (double) images;
    }
}
