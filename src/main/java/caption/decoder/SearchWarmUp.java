package caption.decoder;

import caption.kernel.Numerics;
import caption.search.BeamSearch;
import caption.search.EnsembleSteps;
import caption.search.SearchSettings;
import caption.search.StepFunction;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Has the JIT start compiling the beam search's code early: a few searches of made-up images with
 * tiny random decoders (an ensemble of two attention decoders, and a Show-and-Tell one), which run
 * the classes and kernels of any model's search at sizes where a step costs microseconds. A folder
 * run calls it ({@code CaptionModel.warmUpSearch}) while its first batch is decoded and encoded, so
 * that the optimising compiler works then instead of while the first real batch runs its kernels
 * unoptimised. It shares no state with a real search.
 */
public final class SearchWarmUp {

    private static final int VOCABULARY = 40;
    private static final int IMAGES = 4;
    private static final int ROUNDS = 2;
    private static final SearchSettings SEARCH = new SearchSettings(5, 16, 0.7, SearchSettings.BEAM, 1.0, 0, true);

    private SearchWarmUp() {}

    /**
     * Searches a few batches of made-up images, until {@code done} says to stop (it is asked before
     * each search: a folder's first real batch is then ready, and is better practice than these);
     * nothing where images do not search together (the launcher's quick path for a few images,
     * without the optimising compiler, is one such).
     */
    public static void run(BooleanSupplier done) {
        if (!Numerics.current().searchRowsIndependent()) {
            return;
        }
        List<CaptionDecoder> attention = List.of(attentionDecoder(1), attentionDecoder(2));
        CaptionDecoder showTell = DecoderTypes.initialise(
                new DecoderConfig(ShowTellType.NAME, VOCABULARY, 24, 16, 32, 0), 3, DataType.FLOAT);
        BeamSearch search = new BeamSearch(SEARCH, 1, 2);
        Random noise = Nd4j.getRandomFactory().getNewRandomInstance(4); // not the process's stream
        for (int round = 0; round < ROUNDS; round++) {
            INDArray grids = Nd4j.rand(noise, IMAGES, attention.get(0).config().featureWidth());
            List<StepFunction<?>> members = attention.stream().<StepFunction<?>>map(d -> d.batchSteps(grids, 0)).toList();
            StepFunction<?> alone = showTell.batchSteps(Nd4j.rand(noise, IMAGES, 24), 0);
            if (members.contains(null) || alone == null || done.getAsBoolean()) {
                return;
            }
            search.searchEach(new EnsembleSteps(members), IMAGES);
            if (done.getAsBoolean()) {
                return;
            }
            search.searchEach(alone, IMAGES);
        }
    }

    private static CaptionDecoder attentionDecoder(long seed) {
        DecoderConfig config = new DecoderConfig(AttendTellType.NAME, VOCABULARY, 24, 16, 32, 0, 9, 8, 1, 0);
        return DecoderTypes.initialise(config, seed, DataType.FLOAT);
    }
}
