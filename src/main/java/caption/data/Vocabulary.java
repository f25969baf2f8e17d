package caption.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Word-to-index map of the decoder. The four special tokens come first; training words follow in
 * order of falling count (ties alphabetical), so a vocabulary is a function of its captions.
 */
public final class Vocabulary {

    public static final String PAD = "<pad>";
    public static final String START = "<start>";
    public static final String END = "<end>";
    public static final String UNKNOWN = "<unk>";
    private static final List<String> SPECIALS = List.of(PAD, START, END, UNKNOWN);

    private final List<String> words;
    private final Map<String, Integer> index = new HashMap<>();

    public Vocabulary(List<String> words) {
        if (words.size() < SPECIALS.size() || !words.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a vocabulary starts with " + SPECIALS);
        }
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            if (index.put(words.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate word in vocabulary: " + words.get(i));
            }
        }
    }

    /** Builds from training captions, keeping words seen at least {@code minCount} times. */
    public static Vocabulary build(Collection<String> captions, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String caption : captions) {
            for (String token : Tokenizer.tokens(caption)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !SPECIALS.contains(e.getKey()))
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> kept.add(e.getKey()));
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(kept);
        return new Vocabulary(all);
    }

    public int size() {
        return words.size();
    }

    public List<String> words() {
        return words;
    }

    public int padId() {
        return index.get(PAD);
    }

    public int startId() {
        return index.get(START);
    }

    public int endId() {
        return index.get(END);
    }

    public int unknownId() {
        return index.get(UNKNOWN);
    }

    /** Words no caption may contain: padding, start and unknown (a search gives them probability zero). */
    public int[] unwritable() {
        return new int[] {unknownId(), padId(), startId()};
    }

    public int id(String word) {
        return index.getOrDefault(word, unknownId());
    }

    public String word(int id) {
        return words.get(id);
    }

    /** Token ids of a caption, without start or end. */
    public int[] encode(String caption) {
        return Tokenizer.tokens(caption).stream().mapToInt(this::id).toArray();
    }

    /** The caption of a token sequence: stops at the end token and skips other special tokens. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == endId()) {
                break;
            }
            if (id == padId() || id == startId()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(word(id));
        }
        return sb.toString();
    }
}
