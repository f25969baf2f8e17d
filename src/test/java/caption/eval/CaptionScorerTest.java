package caption.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.io.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases for each metric, and a 60-image fixture whose expected figures come from the
 * COCO caption toolkit's own scorers run on CoreNLP 3.4.1 tokens.
 */
class CaptionScorerTest {

    private static final double EXACT = 1e-9;

    private static Map<String, Double> score(Map<Long, String> hyps, Map<Long, List<String>> refs) {
        return new CaptionScorer().score(hyps, refs).corpus();
    }

    @Test
    void hypothesisEqualToAReference() {
        Map<String, Double> s = score(Map.of(1L, "a red circle"), Map.of(1L, List.of("a red circle", "a circle")));
        for (String bleu : List.of("Bleu_1", "Bleu_2", "Bleu_3")) {
            assertEquals(1.0, s.get(bleu), 1e-6, bleu);
        }
        // no 4-gram in a 3-word caption: (0 + 1e-15) / (0 + 1e-9) enters the geometric mean
        assertEquals(Math.pow(1e-6, 0.25), s.get("Bleu_4"), 1e-9);
        assertEquals(1.0, s.get("ROUGE_L"), EXACT);
        // one image: idf = log(1) - log(1) = 0 for every n-gram, so CIDEr is 0, as in the toolkit
        assertEquals(0.0, s.get("CIDEr"), EXACT);
    }

    @Test
    void ciderOfTwoPerfectImagesIsFive() {
        // idf = log 2 for every n-gram; cosine 1 for n = 1, 2; no 3- or 4-grams (norm 0 gives 0); mean 0.5 x 10
        Map<String, Double> s = score(Map.of(1L, "a b", 2L, "c d"), Map.of(1L, List.of("a b"), 2L, List.of("c d")));
        assertEquals(5.0, s.get("CIDEr"), EXACT);
    }

    @Test
    void emptyHypothesisScoresZero() {
        Map<String, Double> s = score(Map.of(1L, ""), Map.of(1L, List.of("a dog runs")));
        s.values().forEach(v -> assertEquals(0.0, v, EXACT));
    }

    @Test
    void repeatedWordsAreClippedByTheMaximumCountInOneReference() {
        // "a" occurs once in each reference: 1 of 4 unigrams match; c = 4 > r = 2, no brevity penalty
        Map<String, Double> s = score(Map.of(1L, "a a a a"), Map.of(1L, List.of("a cat", "a dog")));
        assertEquals(0.25, s.get("Bleu_1"), 1e-9);
    }

    @Test
    void oneWordHypothesisGetsTheBrevityPenaltyOfTheClosestReference() {
        Map<String, Double> s = score(Map.of(1L, "cat"), Map.of(1L, List.of("a cat sits", "the cat")));
        double penalty = Math.exp(1 - 2.0);
        assertEquals(penalty, s.get("Bleu_1"), 1e-9);
        assertEquals(Math.sqrt(1e-6) * penalty, s.get("Bleu_2"), 1e-12);
        // P = 1, R = max(1/3, 1/2); F = (1 + 1.44) P R / (R + 1.44 P)
        assertEquals(2.44 * 0.5 / (0.5 + 1.44), s.get("ROUGE_L"), EXACT);
    }

    @Test
    void closestReferenceLengthTiesGoToTheShorter() {
        // lengths 2 and 4 are both 1 away from 3: r = 2, so c = 3 > r and there is no penalty
        Map<String, Double> s = score(Map.of(1L, "a b c"), Map.of(1L, List.of("a b", "a b c d")));
        assertEquals(1.0, s.get("Bleu_1"), 1e-9);
    }

    @Test
    void punctuationAndContractionsAreTokenisedBeforeScoring() {
        Map<String, Double> s = score(Map.of(1L, "A dog's ball, red!"), Map.of(1L, List.of("a dog 's ball red")));
        assertEquals(1.0, s.get("Bleu_4"), 1e-6);
        assertEquals(1.0, s.get("ROUGE_L"), EXACT);
    }

    @Test
    void fixtureOfSixtyImagesMatchesTheToolkit() throws IOException {
        Path dir = Path.of("src/test/resources/eval");
        Map<Long, List<String>> refs = CocoFiles.readReferences(dir.resolve("captions.json"));
        Map<Long, String> results = CocoFiles.readResults(dir.resolve("results.json"));
        assertEquals(60, results.size());
        assertEquals(7, refs.get(1003L).size());
        Map<String, Double> expected = Json.MAPPER.readValue(dir.resolve("expected-scores.json").toFile(),
                new TypeReference<LinkedHashMap<String, Double>>() {});
        Map<String, Double> actual = score(results, refs);
        assertEquals(CaptionScorer.METRICS, List.copyOf(actual.keySet()));
        expected.forEach((metric, value) -> assertEquals(value, actual.get(metric), EXACT, metric));
    }
}
