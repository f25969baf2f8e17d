package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import caption.search.StepFunction;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Both decoders' steps over several images' rows at once against each image's steps alone: three
 * beams an image, shuffled by each step's selection. The Vector API numerics give the same bits,
 * and only they search images together ({@link CaptionDecoder#batchSteps}); ND4J's differ by its
 * products' rounding, printed.
 */
class ManyImagesStepsTest {

    private static final int IMAGES = 5;
    private static final int BEAMS = 3;
    private static final int STEPS = 4;
    private static final int VOCABULARY = 50;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void imagesSteppedTogetherGetTheirOwnLogProbabilities(String type) {
        DecoderConfig config = type.equals(ShowTellType.NAME)
                ? new DecoderConfig(type, VOCABULARY, 20, 16, 24, 0.0, 0, 0, 0, 0)
                : new DecoderConfig(type, VOCABULARY, 6, 16, 24, 0.0, 9, 10, 1.0, 2);
        CaptionDecoder decoder = DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
        Random rng = new Random(5);
        float[] values = new float[IMAGES * config.featureWidth()];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) rng.nextGaussian();
        }
        INDArray features = Nd4j.create(values, new long[] {IMAGES, config.featureWidth()}, 'c');
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            try (NumericsChoice.Scope ignored = NumericsChoice.using(numerics)) {
                StepFunction<?> together = decoder.batchSteps(features, 3);
                if (numerics.searchRowsIndependent()) {
                    assertNotNull(together, numerics.name());
                } else {
                    assertNull(together, numerics.name() + " searches an image at a time");
                    together = type.equals(ShowTellType.NAME) ? new ShowTellSteps((ShowTellDecoder) decoder, features, 3)
                            : new AttendTellSteps((AttendTellDecoder) decoder, features, 3);
                }
                double largest = compare(together, decoder, features, numerics.searchRowsIndependent());
                System.err.printf("%s, %s numerics: %d images stepped together, largest log-probability difference "
                        + "from each alone %.3g%n", type, numerics.name(), IMAGES, largest);
            }
        }
    }

    private static double compare(StepFunction<?> together, CaptionDecoder decoder, INDArray features, boolean exact) {
        float[][][] alone = new float[IMAGES][][];
        for (int i = 0; i < IMAGES; i++) {
            INDArray row = features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            alone[i] = run(decoder.steps(row, 3), 1, i);
        }
        float[][] joined = run(together, IMAGES, 0);
        double largest = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int r = 0; r < alone[i].length; r++) {
                float[] expected = alone[i][r];
                float[] actual = joined[(r / BEAMS * IMAGES + i) * BEAMS + r % BEAMS];
                if (exact) {
                    assertArrayEquals(expected, actual, "image " + i + ", row " + r);
                }
                for (int w = 0; w < expected.length; w++) {
                    if (expected[w] != actual[w]) { // both may be minus infinity: a banned word
                        largest = Math.max(largest, Math.abs(expected[w] - actual[w]));
                    }
                }
            }
        }
        assertEquals(0, largest, 1e-4);
        return largest;
    }

    /**
     * Every step's log-probabilities, [steps * images * beams][vocabulary] (step by step, image by
     * image), of {@code images} images whose first is {@code firstImage}: beams of words drawn from the
     * image and the step, reordered by each step's selection as a search would.
     */
    @SuppressWarnings("unchecked")
    private static <S> float[][] run(StepFunction<?> steps, int images, int firstImage) {
        StepFunction<S> model = (StepFunction<S>) steps;
        int[] start = new int[images * BEAMS];
        for (int i = 0; i < start.length; i++) {
            start[i] = i / BEAMS;
        }
        S state = model.select(model.initial(), start);
        float[][] out = new float[STEPS * images * BEAMS][];
        for (int t = 0; t < STEPS; t++) {
            int[] words = new int[images * BEAMS];
            int[] order = new int[images * BEAMS];
            for (int i = 0; i < images; i++) {
                for (int b = 0; b < BEAMS; b++) {
                    words[i * BEAMS + b] = 4 + ((firstImage + i) * 7 + t * 3 + b * 11) % (VOCABULARY - 4);
                    order[i * BEAMS + b] = i * BEAMS + (b + t + 1) % BEAMS;
                }
            }
            StepFunction.Result<S> r = model.step(state, words);
            System.arraycopy(r.logProbs(), 0, out, t * images * BEAMS, images * BEAMS);
            state = model.select(r.state(), order);
        }
        return out;
    }
}
