package caption.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtbTokenizerTest {

    private final PtbTokenizer ptb = new PtbTokenizer();
    private final CocoTokenizer coco = new CocoTokenizer();

    @TempDir
    Path temp;

    @Test
    void splitsContractionsPunctuationAndBrackets() {
        assertEquals(List.of("a", "man", "'s", "dog", "does", "n't", "like", "it", "."),
                ptb.tokenize("A man's dog doesn't like it."));
        assertEquals(List.of("two", "dogs", "-lrb-", "one", "black", "-rrb-", "play", "!"),
                ptb.tokenize("Two dogs (one black) play!"));
        assertEquals(List.of("we", "can", "not", "see", "the", "u.s.", "."), ptb.tokenize("We cannot see the U.S."));
    }

    @Test
    void cocoTokenizerDropsPunctuationButKeepsLowerCasedBracketNames() {
        assertEquals("a child wearing a red hat runs", coco.tokenize("A child, wearing a \"red\" hat, runs."));
        assertEquals("two dogs -lrb- one black -rrb- play", coco.tokenize("Two dogs (one black) play!"));
        assertEquals("it 's 5 o'clock and they 're late", coco.tokenize("It's 5 o'clock\nand they're late!"));
        assertEquals("", coco.tokenize(""));
    }

    @Test
    void agreesWithCoreNlpOnTheCaseList() throws IOException {
        List<String> cases = resourceLines("/eval/tokenizer-cases.txt");
        List<String> oracle = CoreNlpOracle.tokenize(cases, temp);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(CoreNlpOracle.withoutPunctuation(oracle.get(i)), coco.tokenize(cases.get(i)),
                    "line " + (i + 1) + ": " + cases.get(i));
        }
    }

    /** The figure: agreement on every Flickr8k caption of the shared sample (skipped without it). */
    @Test
    void agreesWithCoreNlpOnTheFlickrSample() throws IOException {
        Path folder = Path.of("..", "shared", "data", "flickr8k-sample");
        Assumptions.assumeTrue(Files.isDirectory(folder), "skipped: ../shared/data/flickr8k-sample is absent");
        List<String> captions = new ArrayList<>();
        for (String file : List.of("captions.csv", "captions-text-only.csv")) {
            captions.addAll(FlickrCsv.captions(folder.resolve(file)));
        }
        List<String> oracle = CoreNlpOracle.tokenize(captions, temp);
        int same = 0;
        for (int i = 0; i < captions.size(); i++) {
            if (CoreNlpOracle.withoutPunctuation(oracle.get(i)).equals(coco.tokenize(captions.get(i)))) {
                same++;
            }
        }
        double agreement = same / (double) captions.size();
        System.err.printf("tokenizer agreement with CoreNLP 3.4.1 on %d Flickr8k captions: %d (%.5f)%n",
                captions.size(), same, agreement);
        assertTrue(agreement >= 0.9999, "agreement " + agreement);
    }

    static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = PtbTokenizerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
