package caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house's layering, read from the sources' imports and qualified names: which package may use
 * which (as each package-info says), and no cycles. cli may use anything; nothing uses cli.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\bcaption\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Lowest first: each package and the packages it may use. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("io", Set.of()),
            Map.entry("kernel", Set.of()),
            Map.entry("search", Set.of()),
            Map.entry("image", Set.of("io")),
            Map.entry("data", Set.of("io")),
            Map.entry("data.shapes", Set.of("data", "io")),
            Map.entry("decoder", Set.of("kernel", "search")),
            Map.entry("encoder", Set.of("image", "io", "kernel", "data.shapes")),
            Map.entry("model", Set.of("data", "decoder", "encoder", "image", "io", "search")),
            Map.entry("render", Set.of("model", "io")),
            Map.entry("eval", Set.of("data", "data.shapes", "image", "io", "model", "search")),
            Map.entry("memory", Set.of("data", "data.shapes", "image", "io", "model", "search")),
            Map.entry("batch", Set.of("encoder", "image", "io", "model", "search")),
            Map.entry("train", Set.of("data", "data.shapes", "decoder", "encoder", "eval", "io", "kernel", "model",
                    "search")),
            Map.entry("bench", Set.of("batch", "data", "data.shapes", "decoder", "encoder", "image", "kernel", "model", "search",
                    "train")),
            Map.entry("api", Set.of("batch", "image", "io", "kernel", "model", "search", "decoder", "encoder")),
            Map.entry("serve", Set.of("api", "image", "io", "memory", "model", "search")),
            Map.entry("video", Set.of("api", "batch", "io", "model")),
            Map.entry("spark", Set.of("api", "batch", "image", "io", "model", "search")));

    /** Package (without "caption.") to the packages its sources use. */
    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.').replaceFirst("^caption\\.?", "");
                Set<String> to = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(COMMENTS.matcher(read(f)).replaceAll(""));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        to.add(m.group(1));
                    }
                }
            });
        }
        return uses;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eachPackageUsesOnlyWhatItsLayerAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        graph().forEach((pkg, uses) -> {
            if (pkg.equals("cli")) {
                return;
            }
            Set<String> allowed = ALLOWED.get(pkg);
            assertTrue(allowed != null, "package caption." + pkg + " has no place in the layering: add it here");
            uses.stream().filter(u -> !allowed.contains(u)).forEach(u -> violations.add(pkg + " -> " + u));
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void thereAreNoCycles() throws IOException {
        Map<String, Set<String>> g = graph();
        for (String start : g.keySet()) {
            assertTrue(!reaches(g, start, start, new TreeSet<>()), "a cycle through caption." + start);
        }
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String target, Set<String> seen) {
        for (String next : g.getOrDefault(from, Set.of())) {
            if (next.equals(target) || seen.add(next) && reaches(g, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}
