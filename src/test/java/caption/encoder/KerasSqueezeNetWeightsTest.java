package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.image.ImageDecoder;
import io.jhdf.HdfFile;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Keras HDF5 import into the zoo graph, on the shared weights file (skipped without it). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerasSqueezeNetWeightsTest {

    static final Path WEIGHTS = Path.of("..", "shared", "data", "weights", ImageNetWeights.FILE_NAME);
    static final Path PHOTOS = Path.of("..", "shared", "data", "flickr8k-sample", "images");

    @TempDir
    static Path temp;

    private ImageEncoder fromFile;

    @BeforeAll
    void load() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(WEIGHTS), "skipped: " + WEIGHTS + " is absent");
        fromFile = ImageNetEncoder.load(WEIGHTS, null);
    }

    @Test
    void kernelsArePermutedFromKerasOrder() throws IOException {
        ComputationGraph graph = fromFile.graph();
        try (HdfFile h5 = new HdfFile(WEIGHTS)) {
            float[][][][] conv1 = (float[][][][]) h5.getDatasetByPath("/conv1/uniform1").getData(); // [kh, kw, in, out]
            INDArray w = graph.getParam("conv1_W"); // [out, in, kh, kw]
            assertArrayEquals(new long[] {64, 3, 3, 3}, w.shape());
            for (int[] i : new int[][] {{0, 0, 0, 0}, {2, 1, 0, 63}, {1, 2, 2, 17}}) {
                assertEquals(conv1[i[0]][i[1]][i[2]][i[3]], w.getFloat(i[3], i[2], i[0], i[1]), 0f);
            }
            float[][][][] fire9 = (float[][][][]) h5.getDatasetByPath("/fire9/expand3x3/uniform25").getData();
            INDArray w9 = graph.getParam("fire9_exp3x3_W");
            assertArrayEquals(new long[] {256, 64, 3, 3}, w9.shape());
            assertEquals(fire9[1][0][5][200], w9.getFloat(200, 5, 1, 0), 0f);
            float[] bias = (float[]) h5.getDatasetByPath("/fire2/squeeze1x1/fire2/squeeze1x1_b").getData();
            assertEquals(bias[7], graph.getParam("fire2_sq1x1_b").getFloat(7), 0f);
        }
    }

    @Test
    void featuresAreTheSameFromTheCache() throws IOException {
        Assumptions.assumeTrue(System.getenv(ImageNetWeights.ENVIRONMENT) == null, "skipped: the environment names weights");
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", temp.toString());
            Files.createDirectories(ImageNetWeights.cacheFile().getParent());
            Files.copy(WEIGHTS, ImageNetWeights.cacheFile());
            ImageEncoder fromCache = ImageNetEncoder.load(null, null);
            assertTrue(fromCache.description().provenance().get("source").toString().startsWith("cache"));
            BufferedImage image = ImageDecoder.read(photos().get(0));
            INDArray a = fromFile.encode(List.of(image)).grid();
            INDArray b = fromCache.encode(List.of(image)).grid();
            assertArrayEquals(new long[] {1, 512, 13, 13}, a.shape());
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 1e-5);
        } finally {
            System.setProperty("user.home", home);
        }
    }

    /** Evidence the import is right: a photo and its mirror image look alike to the network, two photos do not. */
    @Test
    void aMirroredPhotoHasNearlyTheSameFeatures() throws IOException {
        List<Path> photos = photos();
        BufferedImage first = ImageDecoder.read(photos.get(0));
        BufferedImage second = ImageDecoder.read(photos.get(1));
        AffineTransform mirror = AffineTransform.getScaleInstance(-1, 1);
        mirror.translate(-first.getWidth(), 0);
        BufferedImage flipped = new AffineTransformOp(mirror, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(first, null);
        INDArray pooled = fromFile.encode(List.of(first, flipped, second)).pooled();
        double same = correlation(pooled.getRow(0), pooled.getRow(1));
        double other = correlation(pooled.getRow(0), pooled.getRow(2));
        System.err.printf("pooled-feature correlation: photo vs mirror %.3f, photo vs another photo %.3f%n", same, other);
        assertTrue(same > 0.8, "mirror " + same);
        assertTrue(same > other + 0.2, "mirror " + same + " vs other " + other);
    }

    private static List<Path> photos() throws IOException {
        try (var files = Files.list(PHOTOS)) {
            return files.sorted().limit(2).toList();
        }
    }

    private static double correlation(INDArray x, INDArray y) {
        INDArray a = x.sub(x.meanNumber());
        INDArray b = y.sub(y.meanNumber());
        return a.mul(b).sumNumber().doubleValue() / Math.sqrt(a.mul(a).sumNumber().doubleValue() * b.mul(b).sumNumber().doubleValue());
    }
}
