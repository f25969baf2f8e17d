package caption.memory;

import caption.data.shapes.Colour;
import caption.data.shapes.Relation;
import caption.data.shapes.Shape;
import caption.data.shapes.Size;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Kinds of words whose coming a cell may know: on shape scenes the spec's colour, size, shape and
 * relation words; on other captions each of the most frequent content words on its own.
 */
public final class WordKinds {

    /** Words too common to tell anything about an image; the rest are content words. */
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "in", "on", "and", "is", "are",
            "with", "to", "at", "his", "her", "their", "its", "it", "there", "into", "through", "for", "by", "from",
            "while", "as", "up", "down", "out", "near", "next", "two", "three", "one", "some", "other", "another");

    private WordKinds() {}

    /** The shapes kinds when the vocabulary holds every colour and shape word; else the {@code frequent} commonest content words written. */
    public static Map<String, Set<String>> of(List<String> vocabulary, StateRows rows, int frequent) {
        Map<String, Set<String>> shapes = shapes();
        boolean isShapes = shapes.get("colour").stream().allMatch(vocabulary::contains)
                && shapes.get("shape").stream().allMatch(vocabulary::contains);
        return isShapes ? shapes : frequentContentWords(vocabulary, rows, frequent);
    }

    /** Colour, size, shape (singular and plural) and relation words (those of the relation phrases). */
    public static Map<String, Set<String>> shapes() {
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        kinds.put("colour", Arrays.stream(Colour.values()).map(Colour::word).collect(Collectors.toCollection(TreeSet::new)));
        kinds.put("size", Arrays.stream(Size.values()).map(Size::word).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> shapeWords = new TreeSet<>();
        for (Shape s : Shape.values()) {
            shapeWords.add(s.word());
            shapeWords.add(s.plural());
        }
        kinds.put("shape", shapeWords);
        kinds.put("relation", Arrays.stream(Relation.values()).flatMap(r -> Arrays.stream(r.phrase().split(" ")))
                .collect(Collectors.toCollection(TreeSet::new)));
        return kinds;
    }

    /** The {@code count} content words written most often, each its own kind, commonest first. */
    static Map<String, Set<String>> frequentContentWords(List<String> vocabulary, StateRows rows, int count) {
        Map<Integer, Integer> written = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            written.merge(rows.wordId(r), 1, Integer::sum);
        }
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        written.entrySet().stream()
                .filter(e -> isContentWord(vocabulary.get(e.getKey())))
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(count)
                .forEach(e -> kinds.put(vocabulary.get(e.getKey()), Set.of(vocabulary.get(e.getKey()))));
        return kinds;
    }

    private static boolean isContentWord(String word) {
        return !word.startsWith("<") && !FUNCTION_WORDS.contains(word) && word.chars().allMatch(Character::isLetter);
    }
}
