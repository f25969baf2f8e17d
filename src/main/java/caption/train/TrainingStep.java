package caption.train;

import caption.decoder.Batch;
import caption.decoder.CaptionDecoder;
import caption.decoder.FeatureScaler;
import caption.decoder.LossAndGradients;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimisation step of a decoder: loss and gradients of a batch, then Adam, with every array
 * the step creates taken from an ND4J workspace that the next step reuses. Without it each step
 * allocated ~150 MB of fresh native memory at the benchmark's sizes and paid for its page faults
 * (a Show-and-Tell step 440 -> 378 ms, measured). Nothing the step creates may outlive it: the
 * parameters and Adam's moments are allocated outside and updated in place, and only the loss
 * leaves (and the features' gradient, when asked for, detached).
 */
public final class TrainingStep {

    /** Mean cross-entropy per target word of the batch, and the number of target words. */
    public record Loss(double loss, int words) {}

    /** A step's loss and the gradient in its batch's features as the encoder gave them, [B, width]. */
    public record LossAndFeatureGradient(Loss loss, INDArray featureGradient) {
        public LossAndFeatureGradient {
            if (featureGradient == null || featureGradient.isAttached()) {
                throw new IllegalArgumentException("a step's feature gradient must be outside its workspace");
            }
        }
    }

    private static final String WORKSPACE_ID = "caption-training-step";
    // learnt from the first step; a longer batch later makes it grow (REALLOCATE) rather than fail
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.2)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final CaptionDecoder decoder;
    private final AdamOptimizer adam;

    public TrainingStep(CaptionDecoder decoder, AdamOptimizer adam) {
        this.decoder = decoder;
        this.adam = adam;
    }

    /**
     * Trains once on the batch {@code batch} makes (inside the step, so that its arrays come from the
     * workspace too); the dropout masks are drawn from {@code dropoutRng}.
     */
    public Loss run(Supplier<Batch> batch, Random dropoutRng, int epoch) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            LossAndGradients lg = decoder.lossAndGradients(batch.get(), dropoutRng);
            adam.step(decoder.params(), lg.gradients(), epoch);
            return new Loss(lg.loss(), lg.words());
        }
    }

    /**
     * {@link #run}, and the gradient of the batch's objective in its features before {@code scaler}
     * (the batch's are after it), at the parameters before this step's update: the output gradient
     * of the encoder's backward pass when the encoder trains too. The one array that leaves the
     * step, detached from its workspace.
     */
    public LossAndFeatureGradient runWithFeatureGradient(Supplier<Batch> batch, Random dropoutRng, int epoch,
            FeatureScaler scaler) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            LossAndGradients lg = decoder.lossAndFeatureGradients(batch.get(), dropoutRng);
            adam.step(decoder.params(), lg.gradients(), epoch);
            INDArray unscaled = scaler.unscaledGradient(lg.featureGradient()).detach();
            return new LossAndFeatureGradient(new Loss(lg.loss(), lg.words()), unscaled);
        }
    }
}
