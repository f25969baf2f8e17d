package caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.data.shapes.ShapesGenerator;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderType;
import caption.encoder.Features;
import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import caption.search.BeamSearch;
import caption.search.EnsembleSteps;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import caption.search.StepFunction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A batch's captions ({@link CaptionModel#captionFeatures}, its images searched together where the
 * numerics allow) against each image searched alone, as captioning one image does: the same n-best
 * lists in the same order, scores and log-probabilities within 1e-5, in both numerics; on generated
 * scenes with both shapes models and on Flickr8k test photos with the {@code flickr8k} ensemble
 * (skipped without ../shared). Each run prints its largest difference and the model's rows per step.
 */
class BatchedSearchTest {

    private static final double TOLERANCE = 1e-5;
    private static final Path FLICKR = Path.of("..", "shared", "data", "flickr8k");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shapes-attention", "shapes-show-tell"})
    void scenesSearchedTogetherGetTheirOwnCaptions(String name) throws Exception {
        CaptionModel model = ModelFile.load(ModelRegistry.resolve(name));
        ShapesGenerator generator = new ShapesGenerator(20261208);
        List<BufferedImage> scenes = IntStream.range(0, 16).mapToObj(i -> generator.generate(i).image()).toList();
        compareInBothNumerics(name, model, scenes);
    }

    @Test
    void flickrPhotosSearchedTogetherGetTheirOwnCaptions() throws Exception {
        Path list = FLICKR.resolve("Flickr_8k.testImages.txt");
        Assumptions.assumeTrue(Files.isRegularFile(list), "skipped: ../shared/data/flickr8k is absent");
        List<BufferedImage> photos = new ArrayList<>();
        for (String file : Files.readAllLines(list).subList(0, 8)) {
            photos.add(read(FLICKR.resolve("Flicker8k_Dataset").resolve(file.trim())));
        }
        compareInBothNumerics("flickr8k", ModelFile.load(ModelRegistry.resolve("flickr8k")), photos);
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not an image ImageIO reads");
        }
        return image;
    }

    private static void compareInBothNumerics(String name, CaptionModel model, List<BufferedImage> images) {
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            try (NumericsChoice.Scope ignored = NumericsChoice.using(numerics)) {
                // ND4J's products round a row by the rows beside it: its images search one at a time
                compare(name + ", " + numerics.name(), model, model.encoder().encode(images));
            }
        }
    }

    private static void compare(String what, CaptionModel model, Features features) {
        SearchSettings search = model.config().search();
        List<Caption> batch = model.captionFeatures(features, search, false);
        double largest = 0;
        int aloneCalls = 0;
        int aloneRows = 0;
        for (int i = 0; i < features.count(); i++) {
            Counted<?> alone = new Counted<>(steps(model, features, i));
            List<Hypothesis> nBest = new BeamSearch(search, model.vocabulary().startId(), model.vocabulary().endId())
                    .search(alone);
            List<Alternative> batched = batch.get(i).nBest();
            assertEquals(nBest.size(), batched.size(), what + ", image " + i + ": n-best length");
            for (int h = 0; h < nBest.size(); h++) {
                String at = what + ", image " + i + ", hypothesis " + h;
                assertEquals(model.vocabulary().decode(nBest.get(h).words()), batched.get(h).text(), at);
                assertEquals(nBest.get(h).score(), batched.get(h).score(), TOLERANCE, at);
                assertEquals(nBest.get(h).logProb(), batched.get(h).logProb(), TOLERANCE, at);
                largest = Math.max(largest, Math.abs(nBest.get(h).logProb() - batched.get(h).logProb()));
                largest = Math.max(largest, Math.abs(nBest.get(h).score() - batched.get(h).score()));
            }
            aloneCalls += alone.calls;
            aloneRows += alone.rows;
        }
        System.err.printf("batched search, %s, %d images: the same n-best lists, largest score difference %.3g; "
                + "alone %d model calls of %.1f rows on average%n", what, features.count(), largest, aloneCalls,
                (double) aloneRows / aloneCalls);
        if (Numerics.current().searchRowsIndependent()) {
            Counted<?> together = new Counted<>(batchSteps(model, features));
            new BeamSearch(search, model.vocabulary().startId(), model.vocabulary().endId())
                    .searchEach(together, (int) features.count());
            System.err.printf("  together %d model calls of %.1f rows on average%n", together.calls,
                    (double) together.rows / together.calls);
            assertEquals(aloneRows, together.rows, what + ": the same rows in all");
        }
    }

    /** Image i's step function alone, every member's, as captioning one image builds it. */
    private static StepFunction<?> steps(CaptionModel model, Features features, int i) {
        List<StepFunction<?>> members = new ArrayList<>();
        members.add(model.decoder().steps(rowOf(model.decoderInput(features), i), model.vocabulary().unwritable()));
        for (CaptionModel.Member m : model.ensemble()) {
            members.add(m.decoder().steps(rowOf(memberRows(m, features), i), model.vocabulary().unwritable()));
        }
        return members.size() == 1 ? members.get(0) : new EnsembleSteps(members);
    }

    /** All images' step function, every member's. */
    private static StepFunction<?> batchSteps(CaptionModel model, Features features) {
        List<StepFunction<?>> members = new ArrayList<>();
        members.add(model.decoder().batchSteps(model.decoderInput(features), model.vocabulary().unwritable()));
        for (CaptionModel.Member m : model.ensemble()) {
            members.add(m.decoder().batchSteps(memberRows(m, features), model.vocabulary().unwritable()));
        }
        return members.size() == 1 ? members.get(0) : new EnsembleSteps(members);
    }

    private static INDArray memberRows(CaptionModel.Member m, Features features) {
        CaptionDecoder decoder = m.decoder();
        boolean grid = decoder.config().decoderType().input() == DecoderType.FeatureInput.GRID;
        return m.scaler().apply(grid ? features.gridRows() : features.pooled());
    }

    private static INDArray rowOf(INDArray rows, int i) {
        return rows.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
    }

    /** A step function that counts its model calls and their rows. */
    private static final class Counted<S> implements StepFunction<S> {
        private final StepFunction<S> model;
        int calls;
        int rows;

        @SuppressWarnings("unchecked")
        Counted(StepFunction<?> model) {
            this.model = (StepFunction<S>) model;
        }

        @Override
        public S initial() {
            return model.initial();
        }

        @Override
        public Result<S> step(S state, int[] lastWords) {
            calls++;
            rows += lastWords.length;
            return model.step(state, lastWords);
        }

        @Override
        public S select(S state, int[] selected) {
            return model.select(state, selected);
        }
    }
}
