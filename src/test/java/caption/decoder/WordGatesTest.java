package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import caption.search.StepFunction;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kept word gates against the whole product: a search step of decoder parameters that have been
 * searched with (their words' gates kept) and then changed in place, as an optimiser does, equals
 * the step of a fresh copy of the changed parameters, in both numerics.
 */
class WordGatesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void gatesKeptForAWordFollowTheWeightsWhenTheyChange(String type) {
        DecoderConfig config = type.equals(ShowTellType.NAME)
                ? new DecoderConfig(type, 30, 12, 8, 16, 0.0)
                : new DecoderConfig(type, 30, 6, 8, 16, 0.0, 9, 10, 1.0, 0);
        DecoderParams params = DecoderParams.initialise(config, 3, DataType.FLOAT);
        CaptionDecoder decoder = DecoderTypes.create(config, params);
        INDArray features = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(9), 2, config.featureWidth());
        int[] words = {4, 7};
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            try (NumericsChoice.Scope ignored = NumericsChoice.using(numerics)) {
                float[][] before = firstStep(decoder, features, words);
                params.get(DecoderParams.EMBEDDING).muli(1.5);
                params.get(DecoderParams.LSTM_W).addi(0.01);
                params.changed();
                float[][] after = firstStep(decoder, features, words);
                float[][] fresh = firstStep(DecoderTypes.create(config, params.copy()), features, words);
                for (int r = 0; r < words.length; r++) {
                    assertFalse(Arrays.equals(before[r], after[r]), "the changed weights change the step");
                    assertArrayEquals(fresh[r], after[r], 0f, numerics.name() + ", row " + r);
                }
            }
        }
    }

    /** The log-probabilities of a step after the start, each image's row given its word. */
    private static float[][] firstStep(CaptionDecoder decoder, INDArray features, int[] words) {
        StepFunction<?> steps = decoder.steps(features);
        return step(steps, words);
    }

    private static <S> float[][] step(StepFunction<S> steps, int[] words) {
        S start = steps.initial();
        return steps.step(steps.step(start, words).state(), words).logProbs();
    }
}
