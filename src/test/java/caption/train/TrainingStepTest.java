package caption.train;

import caption.decoder.ShowTellType;
import caption.decoder.AttendTellType;
import caption.decoder.DecoderTypes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.FeatureScaler;
import caption.decoder.LossAndGradients;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TrainingStepTest {

    private static final int PAD = 0;

    private static CaptionDecoder decoder(String type) {
        DecoderConfig config = type.equals(AttendTellType.NAME)
                ? new DecoderConfig(type, 9, 3, 4, 5, 0.3, 4, 6, 0.5, 0)
                : new DecoderConfig(type, 9, 6, 4, 5, 0.3);
        return DecoderTypes.create(config, DecoderParams.initialise(config, 7, DataType.FLOAT));
    }

    /** Three captions of different lengths; a new batch per step, as the trainer makes them. */
    private static Batch batch(CaptionDecoder decoder, int seed) {
        Random rng = new Random(seed);
        float[] features = new float[3 * decoder.config().featureWidth()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextGaussian();
        }
        int[][] tokens = {{1, 4, 5, 6, 2}, {1, 6, 2, PAD, PAD}, {1, 7, 8, 2, PAD}};
        return new Batch(Nd4j.create(features, new long[] {3, features.length / 3}, 'c'), tokens, PAD);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void stepsInTheWorkspaceTrainAsPlainSteps(String type) {
        CaptionDecoder plain = decoder(type);
        CaptionDecoder inWorkspace = decoder(type);
        AdamOptimizer plainAdam = new AdamOptimizer(plain.params().asMap(), 0.01, 5.0);
        TrainingStep step = new TrainingStep(inWorkspace, new AdamOptimizer(inWorkspace.params().asMap(), 0.01, 5.0));
        Random plainRng = new Random(5);
        Random workspaceRng = new Random(5);
        for (int i = 0; i < 4; i++) {
            LossAndGradients expected = plain.lossAndGradients(batch(plain, i), plainRng);
            plainAdam.step(plain.params(), expected.gradients(), 0);
            int seed = i;
            TrainingStep.Loss loss = step.run(() -> batch(inWorkspace, seed), workspaceRng, 0);
            assertEquals(expected.loss(), loss.loss(), 1e-6, "loss of step " + i);
            assertEquals(expected.words(), loss.words());
        }
        // the parameters (updated in place, allocated outside) are still readable after the steps
        for (String name : plain.params().asMap().keySet()) {
            assertArrayEquals(plain.params().get(name).dup().data().asFloat(),
                    inWorkspace.params().get(name).dup().data().asFloat(), 1e-6f, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ShowTellType.NAME, AttendTellType.NAME})
    void aStepGivesTheGradientInTheUnscaledFeaturesOutsideItsWorkspace(String type) {
        CaptionDecoder plain = decoder(type);
        CaptionDecoder inWorkspace = decoder(type);
        int channels = plain.config().featureSize();
        FeatureScaler scaler = new FeatureScaler(new float[channels], stds(channels));
        AdamOptimizer plainAdam = new AdamOptimizer(plain.params().asMap(), 0.01, 5.0);
        TrainingStep step = new TrainingStep(inWorkspace, new AdamOptimizer(inWorkspace.params().asMap(), 0.01, 5.0));
        for (int i = 0; i < 3; i++) {
            int seed = i;
            LossAndGradients expected = plain.lossAndFeatureGradients(batch(plain, i), new Random(i));
            plainAdam.step(plain.params(), expected.gradients(), 0);
            TrainingStep.LossAndFeatureGradient got =
                    step.runWithFeatureGradient(() -> batch(inWorkspace, seed), new Random(i), 0, scaler);
            assertEquals(expected.loss(), got.loss().loss(), 1e-6, "loss of step " + i);
            assertArrayEquals(scaler.unscaledGradient(expected.featureGradient()).dup().data().asFloat(),
                    got.featureGradient().dup().data().asFloat(), 1e-6f, "feature gradient of step " + i);
        }
    }

    /** Stds 1, 2, 3, ...: each channel's gradient is divided by its own. */
    private static float[] stds(int channels) {
        float[] stds = new float[channels];
        for (int c = 0; c < channels; c++) {
            stds[c] = c + 1;
        }
        return stds;
    }
}
