package caption.data.shapes;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names what is wrong with a caption of a scene: the kinds of error under the assignment of its
 * mentions to the scene's objects that needs the fewest corrections. A true and complete caption
 * has none.
 */
public final class CaptionErrors {

    /** One kind of error; a caption can make several. */
    public enum Kind {
        /** The caption does not parse by the grammar. */
        UNPARSED,
        /** Fewer objects mentioned than the scene has. */
        MISSING_OBJECT,
        /** More objects mentioned than the scene has. */
        EXTRA_OBJECT,
        COLOUR,
        SHAPE,
        SIZE,
        /** A stated relation that does not hold (by the checker's rule) between the objects meant. */
        RELATION
    }

    private final CaptionChecker checker = new CaptionChecker();

    public Set<Kind> of(String caption, Scene scene) {
        Optional<CaptionChecker.ParsedCaption> parsed = checker.parse(caption);
        if (parsed.isEmpty()) {
            return EnumSet.of(Kind.UNPARSED);
        }
        CaptionChecker.ParsedCaption p = parsed.get();
        List<SceneObject> objects = scene.objects();
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (p.mentions().size() < objects.size()) {
            kinds.add(Kind.MISSING_OBJECT);
        } else if (p.mentions().size() > objects.size()) {
            kinds.add(Kind.EXTRA_OBJECT);
        }
        kinds.addAll(best(p, objects, new int[p.mentions().size()], 0, new boolean[objects.size()]).kinds());
        return kinds;
    }

    private record Outcome(int corrections, Set<Kind> kinds) {}

    /**
     * Tries every assignment of mentions to distinct objects (at most 3! of them); a mention left
     * over when the caption names more objects than there are (index -1) is the extra object.
     */
    private static Outcome best(CaptionChecker.ParsedCaption caption, List<SceneObject> objects, int[] assignment,
            int next, boolean[] used) {
        if (next == assignment.length) {
            return judge(caption, objects, assignment);
        }
        Outcome best = null;
        int free = 0;
        for (int i = 0; i < objects.size(); i++) {
            if (!used[i]) {
                free++;
                used[i] = true;
                assignment[next] = i;
                best = better(best, best(caption, objects, assignment, next + 1, used));
                used[i] = false;
            }
        }
        if (free < assignment.length - next) {
            assignment[next] = -1;
            best = better(best, best(caption, objects, assignment, next + 1, used));
        }
        return best;
    }

    private static Outcome better(Outcome a, Outcome b) {
        return a == null || b.corrections() < a.corrections() ? b : a;
    }

    private static Outcome judge(CaptionChecker.ParsedCaption caption, List<SceneObject> objects, int[] assignment) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        int corrections = 0;
        for (int m = 0; m < assignment.length; m++) {
            if (assignment[m] < 0) {
                continue;
            }
            CaptionChecker.Mention mention = caption.mentions().get(m);
            SceneObject object = objects.get(assignment[m]);
            corrections += wrong(mention.colour() != object.colourKind(), Kind.COLOUR, kinds)
                    + wrong(mention.shape() != object.shapeKind(), Kind.SHAPE, kinds)
                    + wrong(mention.size() != null && mention.size() != object.sizeKind(), Kind.SIZE, kinds);
        }
        for (CaptionChecker.StatedRelation r : caption.relations()) {
            int a = assignment[r.first()];
            int b = assignment[r.second()];
            corrections += wrong(a < 0 || b < 0 || !r.relation().holdsWeakly(objects.get(a), objects.get(b)),
                    Kind.RELATION, kinds);
        }
        return new Outcome(corrections, kinds);
    }

    private static int wrong(boolean isWrong, Kind kind, Set<Kind> kinds) {
        if (isWrong) {
            kinds.add(kind);
        }
        return isWrong ? 1 : 0;
    }
}
