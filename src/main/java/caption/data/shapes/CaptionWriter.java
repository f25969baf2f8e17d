package caption.data.shapes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** Writes the spec's template captions for a scene, as distinct from one another as they allow. */
final class CaptionWriter {

    /** Draws per caption before duplicates are accepted; far above what any scene needs. */
    private static final int DISTINCT_ATTEMPTS = 200;

    private final Random rng;

    CaptionWriter(Random rng) {
        this.rng = rng;
    }

    List<String> captions(List<SceneObject> objects, int count) {
        List<Supplier<String>> templates = templates(objects);
        Set<String> distinct = new LinkedHashSet<>();
        List<String> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String caption = null;
            for (int attempt = 0; attempt < DISTINCT_ATTEMPTS; attempt++) {
                caption = templates.get(rng.nextInt(templates.size())).get();
                if (!distinct.contains(caption)) {
                    break;
                }
            }
            distinct.add(caption);
            result.add(caption);
        }
        return result;
    }

    private List<Supplier<String>> templates(List<SceneObject> objects) {
        List<Supplier<String>> templates = new ArrayList<>();
        switch (objects.size()) {
            case 1 -> {
                SceneObject a = objects.get(0);
                templates.add(() -> object(a));
                templates.add(() -> "there is " + object(a));
            }
            case 2 -> {
                templates.add(() -> withRandomFirst(objects, (a, b) -> object(a) + " " + relation(a, b) + " " + object(b)));
                templates.add(() -> withRandomFirst(objects,
                        (a, b) -> "there is " + object(a) + " " + relation(a, b) + " " + object(b)));
                templates.add(() -> withRandomFirst(objects, (a, b) -> object(a) + " and " + object(b)));
                if (allAlike(objects)) {
                    templates.add(() -> group(objects));
                }
            }
            case 3 -> {
                List<SceneObject> byX = new ArrayList<>(objects);
                byX.sort(Comparator.comparingDouble(SceneObject::cx));
                SceneObject a = byX.get(0);
                SceneObject b = byX.get(1);
                SceneObject c = byX.get(2);
                templates.add(() -> object(a) + " " + object(b) + " and " + object(c));
                Optional<Relation> ab = Relation.strict(a, b);
                ab.ifPresent(r -> templates.add(
                        () -> object(a) + " " + r.phrase() + " " + object(b) + " and " + object(c)));
                if (allAlike(objects)) {
                    templates.add(() -> group(objects));
                }
            }
            default -> throw new IllegalArgumentException("scenes have 1 to 3 objects");
        }
        return templates;
    }

    private interface PairTemplate {
        String fill(SceneObject a, SceneObject b);
    }

    private String withRandomFirst(List<SceneObject> pair, PairTemplate template) {
        boolean swap = rng.nextBoolean();
        SceneObject a = pair.get(swap ? 1 : 0);
        SceneObject b = pair.get(swap ? 0 : 1);
        return template.fill(a, b);
    }

    private static String relation(SceneObject a, SceneObject b) {
        return Relation.strict(a, b)
                .orElseThrow(() -> new IllegalStateException("a 2-object scene without a relation"))
                .phrase();
    }

    private String object(SceneObject o) {
        String rest = (rng.nextBoolean() ? o.size() + " " : "") + o.colour() + " " + o.shape();
        return article(rest) + " " + rest;
    }

    static String article(String nextWords) {
        return "aeiou".indexOf(nextWords.charAt(0)) >= 0 ? "an" : "a";
    }

    private static boolean allAlike(List<SceneObject> objects) {
        SceneObject first = objects.get(0);
        return objects.stream().allMatch(
                o -> o.shape().equals(first.shape()) && o.colour().equals(first.colour()));
    }

    private static String group(List<SceneObject> objects) {
        String number = objects.size() == 2 ? "two" : "three";
        SceneObject first = objects.get(0);
        return number + " " + first.colour() + " " + first.shapeKind().plural();
    }
}
