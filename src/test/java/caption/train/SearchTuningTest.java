package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.Vocabulary;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.DecoderTypes;
import caption.decoder.ShowTellType;
import caption.encoder.FeatureRows;
import caption.search.SearchSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SearchTuningTest {

    private static final List<List<String>> REFERENCES = List.of(
            List.of("a red circle on the left", "the red circle is on the left"),
            List.of("a blue square on the right", "the blue square is on the right"),
            List.of("a green triangle in the middle", "the green triangle is in the middle"));

    @Test
    void theChosenSearchValidatesAtLeastAsWellAsEveryOtherBeam() {
        Vocabulary vocabulary = Vocabulary.build(REFERENCES.stream().flatMap(List::stream).toList(), 1);
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, vocabulary.size(), 3, 8, 16, 0);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 11, DataType.FLOAT));
        FeatureRows features = FeatureRows.of(Nd4j.eye(3).castTo(DataType.FLOAT), 1);
        Validation validation = new Validation(features, REFERENCES, vocabulary, new SearchSettings(3, 8, 0.7), 3);
        StringWriter log = new StringWriter();
        SearchSettings chosen = SearchTuning.tune(decoder, validation, new PrintWriter(log));
        assertTrue(SearchTuning.BEAMS.contains(chosen.beamSize()), chosen.toString());
        assertEquals(8, chosen.maxLength(), "only the beam and trigram blocking change");
        Validation.Figures best = validation.withSearch(chosen).evaluate(decoder);
        for (int beam : SearchTuning.BEAMS) {
            Validation.Figures other = validation.withSearch(chosen.withConstraints(0, false).withBeam(beam)).evaluate(decoder);
            assertFalse(other.betterThan(best), "beam " + beam + " " + other + " beats the chosen " + best);
        }
        assertEquals(5, log.toString().lines().count(), log.toString());
        assertTrue(log.toString().contains("search: the model's default: beam " + chosen.beamSize()), log.toString());
    }
}
