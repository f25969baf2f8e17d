package caption.data.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Parses a caption by the spec's grammar and judges it against a scene. */
public final class CaptionChecker {

    /** How a caption fares against its scene. An unparsable caption is neither true nor complete. */
    public record Verdict(boolean parsed, boolean isTrue, boolean complete) {
        public boolean correct() {
            return isTrue && complete;
        }
    }

    /** One object a caption mentions; a null size matches any size. */
    public record Mention(Colour colour, Shape shape, Size size) {}

    /** "mentions[first] relation mentions[second]". */
    public record StatedRelation(int first, Relation relation, int second) {}

    public record ParsedCaption(List<Mention> mentions, List<StatedRelation> relations) {}

    public Verdict check(String caption, Scene scene) {
        Optional<ParsedCaption> parsed = parse(caption);
        if (parsed.isEmpty()) {
            return new Verdict(false, false, false);
        }
        ParsedCaption p = parsed.get();
        boolean complete = p.mentions().size() == scene.objects().size();
        return new Verdict(true, holds(p, scene.objects()), complete);
    }

    /** Parses by the grammar; empty when any word is out of place. */
    public Optional<ParsedCaption> parse(String caption) {
        String trimmed = caption.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return new Parser(Arrays.asList(trimmed.split(" +"))).sentence();
    }

    static boolean holds(ParsedCaption caption, List<SceneObject> objects) {
        int[] assignment = new int[caption.mentions().size()];
        return assign(caption, objects, assignment, 0, new boolean[objects.size()]);
    }

    /** Tries every one-to-one assignment of mentions to objects (at most 3! of them). */
    private static boolean assign(ParsedCaption caption, List<SceneObject> objects, int[] assignment,
            int next, boolean[] used) {
        if (next == assignment.length) {
            return caption.relations().stream().allMatch(r -> r.relation().holdsWeakly(
                    objects.get(assignment[r.first()]), objects.get(assignment[r.second()])));
        }
        Mention mention = caption.mentions().get(next);
        for (int i = 0; i < objects.size(); i++) {
            if (!used[i] && matches(mention, objects.get(i))) {
                used[i] = true;
                assignment[next] = i;
                if (assign(caption, objects, assignment, next + 1, used)) {
                    return true;
                }
                used[i] = false;
            }
        }
        return false;
    }

    private static boolean matches(Mention m, SceneObject o) {
        return m.colour() == o.colourKind() && m.shape() == o.shapeKind()
                && (m.size() == null || m.size() == o.sizeKind());
    }

    /** Recursive-descent parser over the templates of the grammar. */
    private static final class Parser {
        private final List<String> words;
        private int at;
        private final List<Mention> mentions = new ArrayList<>();
        private final List<StatedRelation> relations = new ArrayList<>();

        Parser(List<String> words) {
            this.words = words;
        }

        Optional<ParsedCaption> sentence() {
            if (group()) {
                return finish();
            }
            boolean thereIs = accept("there") && expect("is");
            if (!object()) {
                return Optional.empty();
            }
            if (atEnd()) {
                return finish();
            }
            Optional<Relation> relation = relation();
            if (relation.isPresent()) {
                if (!object()) {
                    return Optional.empty();
                }
                relations.add(new StatedRelation(0, relation.get(), 1));
                if (atEnd()) {
                    return finish();
                }
                return !thereIs && accept("and") && object() ? finish() : Optional.empty();
            }
            if (thereIs) {
                return Optional.empty();
            }
            if (accept("and")) {
                return object() ? finish() : Optional.empty();
            }
            return object() && accept("and") && object() ? finish() : Optional.empty();
        }

        private Optional<ParsedCaption> finish() {
            return atEnd() ? Optional.of(new ParsedCaption(mentions, relations)) : Optional.empty();
        }

        private boolean group() {
            int count = peekIs("two") ? 2 : peekIs("three") ? 3 : 0;
            if (count == 0) {
                return false;
            }
            at++;
            Optional<Colour> colour = colour();
            Optional<Shape> shape = colour.isPresent() ? pluralShape() : Optional.empty();
            if (shape.isEmpty()) {
                at = words.size() + 1; // poison: a number word can only start a group
                return false;
            }
            for (int i = 0; i < count; i++) {
                mentions.add(new Mention(colour.get(), shape.get(), null));
            }
            return true;
        }

        private boolean object() {
            if (!peekIs("a") && !peekIs("an")) {
                return false;
            }
            String article = words.get(at++);
            if (at >= words.size() || !article.equals(CaptionWriter.article(words.get(at)))) {
                return false;
            }
            Size size = null;
            if (peekIs("small") || peekIs("large")) {
                size = Size.fromWord(words.get(at++));
            }
            Optional<Colour> colour = colour();
            Optional<Shape> shape = colour.isPresent() ? singularShape() : Optional.empty();
            if (shape.isEmpty()) {
                return false;
            }
            mentions.add(new Mention(colour.get(), shape.get(), size));
            return true;
        }

        private Optional<Relation> relation() {
            for (Relation r : Relation.values()) {
                String[] phrase = r.phrase().split(" ");
                if (at + phrase.length <= words.size()
                        && Arrays.asList(phrase).equals(words.subList(at, at + phrase.length))) {
                    at += phrase.length;
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        private Optional<Colour> colour() {
            for (Colour c : Colour.values()) {
                if (accept(c.word())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        private Optional<Shape> singularShape() {
            for (Shape s : Shape.values()) {
                if (accept(s.word())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        private Optional<Shape> pluralShape() {
            for (Shape s : Shape.values()) {
                if (accept(s.plural())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        private boolean accept(String word) {
            if (peekIs(word)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean expect(String word) {
            if (accept(word)) {
                return true;
            }
            at = words.size() + 1;
            return false;
        }

        private boolean peekIs(String word) {
            return at < words.size() && words.get(at).equals(word);
        }

        private boolean atEnd() {
            return at == words.size();
        }
    }
}
