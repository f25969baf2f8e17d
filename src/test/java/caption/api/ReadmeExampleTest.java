package caption.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.model.Caption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's library example, line for line, compiled and run. */
class ReadmeExampleTest {

    /** The README's example, run with {@code System.out} captured. */
    private static String runExample() throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Captioner captioner = Captioner.load("shapes");   // a bundled model's name or a model file's path
            Caption best = captioner.caption(Path.of("datasets/shapes/samples/images/000000.png"));
            System.out.println(best.text() + "  (score " + best.score() + ")");
            CaptionOptions options = CaptionOptions.builder().beam(5).nBest(3).attention(true).build();
            List<Path> images = List.of(Path.of("datasets/shapes/samples/images/000001.png"), Path.of("missing.jpg"));
            for (Caption c : captioner.captionAll(images, options)) {
                System.out.println(c.ok() ? c.source() + "\t" + c.text() : c.source() + "\t" + c.error());
            }
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theExampleRunsAndPrintsCaptionsAndTheBadFilesReason() throws IOException {
        List<String> lines = runExample().lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("a large red cross a large blue square and a small orange diamond"), lines.get(0));
        assertTrue(lines.get(1).matches("datasets/shapes/samples/images/000001.png\t\\w.+"), lines.get(1));
        assertTrue(lines.get(2).startsWith("missing.jpg\tmissing.jpg: "), lines.get(2));
    }

    @Test
    void theReadmeShowsThisExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("## Library API.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has a Java example under 'Library API'");
        String test = Files.readString(Path.of("src/test/java/caption/api/ReadmeExampleTest.java"));
        for (String line : block.group(1).lines().map(String::strip).toList()) {
            boolean imported = line.startsWith("import "); // this test's package and imports cover them
            assertTrue(line.isEmpty() || imported || test.contains(line), "README line not in this test: " + line);
        }
    }
}
