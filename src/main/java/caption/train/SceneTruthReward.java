package caption.train;

import caption.data.shapes.CaptionChecker;
import caption.data.shapes.Scene;
import java.util.List;

/**
 * CIDEr-D of a caption the shapes checker finds true and complete of its image's scene, 0 for any
 * other. Its CIDEr-D has no end marker: the checker already refuses a caption cut short. CIDEr-D
 * alone barely tells a swapped "above" from "below" (one word's n-grams); the checker's verdict
 * alone is met most safely by never stating a relation, so the gate keeps CIDEr-D's pull towards
 * what the references say and makes every false caption the worst sample.
 */
final class SceneTruthReward implements CaptionReward {

    private final CaptionChecker checker = new CaptionChecker();
    private final List<Scene> scenes;
    private final CiderDReward cider;

    SceneTruthReward(List<Scene> scenes, List<List<String>> references) {
        if (scenes.size() != references.size()) {
            throw new IllegalArgumentException(scenes.size() + " scenes for " + references.size() + " reference sets");
        }
        this.scenes = List.copyOf(scenes);
        this.cider = new CiderDReward(references, false);
    }

    @Override
    public Kind kind() {
        return Kind.SCENE_TRUTH;
    }

    @Override
    public int images() {
        return scenes.size();
    }

    @Override
    public double of(int image, String caption, boolean ended) {
        return checker.check(caption, scenes.get(image)).correct() ? cider.of(image, caption, ended) : 0;
    }
}
