package caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Self-critical training raises the CIDEr-D of what the decoder writes, and keeps its best epoch. */
class SelfCriticalTrainerTest {

    private static final List<List<String>> REFERENCES = List.of(
            List.of("a red circle on the left", "a red circle at the left", "the red circle is on the left"),
            List.of("a blue square on the right", "a blue square at the right", "the blue square is on the right"),
            List.of("a green triangle in the middle", "a green triangle at the middle", "the green triangle is in the middle"),
            List.of("two yellow stars at the top", "two yellow stars on the top", "the two yellow stars are at the top"));

    private static FeatureRows features() {
        INDArray rows = Nd4j.eye(REFERENCES.size()).castTo(DataType.FLOAT).muli(2);
        return FeatureRows.of(rows, 1);
    }

    private static Vocabulary vocabulary() {
        return Vocabulary.build(REFERENCES.stream().flatMap(List::stream).toList(), 1);
    }

    private static CaptionDecoder untrained(Vocabulary vocabulary) {
        DecoderConfig config = new DecoderConfig(ShowTellType.NAME, vocabulary.size(), REFERENCES.size(), 16, 32, 0.3);
        return DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
    }

    private static SelfCriticalTrainer.Settings settings(int epochs) {
        return new SelfCriticalTrainer.Settings(epochs, 2, 5, 0.01, 5.0, 8, 3, 1000, CaptionReward.Kind.CIDER_D);
    }

    @Test
    void theMeanSampleRewardRisesAndTheBestEpochIsKept() {
        Vocabulary vocabulary = vocabulary();
        Validation validation = new Validation(features(), REFERENCES, vocabulary, new SearchSettings(2, 8, 0.7), 4);
        StringWriter log = new StringWriter();
        SelfCriticalTrainer.Result result = new SelfCriticalTrainer(settings(30), new PrintWriter(log))
                .train(untrained(vocabulary), features(), CaptionReward.ciderD(REFERENCES), vocabulary, validation, null);
        List<Double> rewards = result.meanRewards();
        assertEquals(30, rewards.size());
        double first = rewards.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = rewards.subList(25, 30).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last > 1.5 * first, "mean reward " + first + " -> " + last + "\n" + log);
        double bestCider = result.validations().get(result.bestEpoch() - 1).cider();
        assertTrue(result.validations().stream().allMatch(v -> v.cider() <= bestCider), result.validations().toString());
        assertEquals(bestCider, validation.evaluate(result.decoder()).cider(), 1e-9, "the kept decoder is the best epoch's");
        assertEquals(0.3, result.decoder().config().dropout(), "the model keeps its own configuration");
        assertTrue(log.toString().contains("scst epoch 30/30: mean sample reward"), log.toString());
    }

    @Test
    void aDecoderNoEpochBeatsIsKeptAsItWas() {
        Vocabulary vocabulary = vocabulary();
        Validation validation = new Validation(features(), REFERENCES, vocabulary, new SearchSettings(2, 8, 0.7), 4);
        CaptionDecoder start = untrained(vocabulary);
        Validation.Figures unbeatable = new Validation.Figures(0, 100, 1);
        SelfCriticalTrainer.Result result = new SelfCriticalTrainer(settings(1), new PrintWriter(new StringWriter()))
                .train(start, features(), CaptionReward.ciderD(REFERENCES), vocabulary, validation, unbeatable);
        assertEquals(0, result.bestEpoch());
        assertEquals(0.0, start.params().get(DecoderParams.OUT_W).sub(result.decoder().params().get(DecoderParams.OUT_W))
                .amaxNumber().doubleValue());
    }

    @Test
    void oneSamplePerImageHasNoBaseline() {
        assertThrows(IllegalArgumentException.class, () -> new SelfCriticalTrainer.Settings(1, 2, 1, 0.01, 5, 8, 3, 10, CaptionReward.Kind.CIDER_D));
    }
}
