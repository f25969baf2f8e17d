package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.image.ImageDecoder;
import caption.image.PreprocessConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a feature store is keyed by: the encoder with its preprocessing and each image's bytes, so a
 * dataset regenerated at the same paths gets fresh features and an untouched one reuses its store.
 * The images are generated shape scenes; the encoder is a randomly initialised SqueezeNet.
 */
class FeatureStoreKeyTest {

    private static final int SCENES = 6;
    private static final int SIZE = 64;

    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();
    private final ImageEncoder encoder = encoder(PreprocessConfig.shapes(SIZE));

    private static ImageEncoder encoder(PreprocessConfig preprocess) {
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(SIZE, SqueezeNetFactory.SHAPES_CUT, 7),
                new ImageEncoder.Description(preprocess, "random", Map.of()));
    }

    private ImageEncoder sameGraph(PreprocessConfig preprocess) {
        return encoder.withDescription(new ImageEncoder.Description(preprocess, "random", Map.of()));
    }

    private FeatureStore store() {
        return new FeatureStore(dir.resolve("stores"), new PrintWriter(log, true), FeatureStore.Dtype.FLOAT32);
    }

    private static List<Path> imagesOf(Path split) throws IOException {
        try (Stream<Path> files = Files.list(split.resolve(CaptionDataset.IMAGES_DIR))) {
            return files.sorted().toList();
        }
    }

    private INDArray storedPooled(List<Path> images) throws IOException {
        try (FeatureRows rows = store().pooled(encoder, images)) {
            return rows.range(0, rows.count());
        }
    }

    /** The images' pooled features computed afresh, without a store. */
    private INDArray encodedNow(List<Path> images) throws IOException {
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path p : images) {
            decoded.add(ImageDecoder.read(p));
        }
        return encoder.encode(decoded).pooled();
    }

    private int occurrences(String text) {
        return log.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    @Test
    void aDatasetRegeneratedAtTheSamePathsGetsFreshFeatures() throws IOException {
        Path split = dir.resolve("train");
        ShapesSplitWriter.write(split, 1, SCENES);
        List<Path> images = imagesOf(split);
        INDArray first = storedPooled(images);

        ShapesSplitWriter.write(split, 2, SCENES);
        assertEquals(images, imagesOf(split), "the same paths");
        INDArray second = storedPooled(images);

        assertEquals(2, occurrences("features: extracted " + SCENES + " rows"), log.toString());
        assertNotEquals(first, second);
        assertTrue(second.equalsWithEps(encodedNow(images), 1e-5), "the regenerated scenes' own features");
    }

    @Test
    void anUntouchedDatasetReusesItsStoreWhateverItsTimesOrPlace() throws IOException {
        Path split = dir.resolve("train");
        ShapesSplitWriter.write(split, 1, SCENES);
        List<Path> images = imagesOf(split);
        INDArray extracted = storedPooled(images);
        Files.setLastModifiedTime(images.get(0), FileTime.fromMillis(0)); // touched, not changed
        Path copy = Files.createDirectories(dir.resolve("copy"));
        List<Path> copies = new ArrayList<>();
        for (Path p : images) {
            copies.add(Files.copy(p, copy.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES));
        }

        assertEquals(extracted, storedPooled(images));
        assertEquals(extracted, storedPooled(copies));
        assertEquals(1, occurrences("features: extracted"), log.toString());
        assertEquals(2, occurrences("features: read " + SCENES + " rows from cache"), log.toString());
    }

    @Test
    void theKeyCoversThePreprocessingAndThePooling() throws IOException {
        Path split = dir.resolve("train");
        ShapesSplitWriter.write(split, 1, SCENES);
        List<Path> images = imagesOf(split);
        String key = FeatureStore.key(encoder, images);
        ImageEncoder bgr = sameGraph(new PreprocessConfig(SIZE, "BGR", new float[] {127.5f, 127.5f, 127.5f}, 1f / 127.5f));
        ImageEncoder otherMean = sameGraph(new PreprocessConfig(SIZE, "RGB", new float[] {120f, 127.5f, 127.5f}, 1f / 127.5f));

        assertEquals(key, FeatureStore.key(encoder(PreprocessConfig.shapes(SIZE)), images));
        assertNotEquals(key, FeatureStore.key(bgr, images));
        assertNotEquals(key, FeatureStore.key(otherMean, images));
        assertNotEquals(key, FeatureStore.key(encoder.withDescription(encoder.description().withPoolMax()), images));
        assertNotEquals(key, FeatureStore.key(encoder, images.subList(1, SCENES)));
        List<Path> reversed = new ArrayList<>(images);
        Collections.reverse(reversed);
        assertNotEquals(key, FeatureStore.key(encoder, reversed));
    }

    @Test
    void aMissingImageIsNamed() {
        Path missing = dir.resolve("photos/a.jpg");
        IOException e = assertThrows(IOException.class, () -> FeatureStore.key(encoder, List.of(missing)));
        assertEquals(missing + ": no such file", e.getMessage());
    }
}
