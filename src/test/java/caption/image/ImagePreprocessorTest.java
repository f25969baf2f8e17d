package caption.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImagePreprocessorTest {

    private static final int SIZE = 40;

    @Test
    void readsAnIntRgbRasterAsGetRgbDoes() {
        BufferedImage image = noise(SIZE, SIZE, BufferedImage.TYPE_INT_RGB, 1);
        assertRgbEquals(image.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE), ImagePreprocessor.pixels(image, SIZE));
    }

    @Test
    void readsSubImagesAndOtherLayoutsThroughGetRgb() {
        BufferedImage parent = noise(SIZE + 7, SIZE + 5, BufferedImage.TYPE_INT_RGB, 2);
        BufferedImage sub = parent.getSubimage(3, 2, SIZE, SIZE); // shares the parent's raster, shifted
        assertRgbEquals(sub.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE), ImagePreprocessor.pixels(sub, SIZE));
        BufferedImage bgr = noise(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR, 3);
        assertRgbEquals(bgr.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE), ImagePreprocessor.pixels(bgr, SIZE));
    }

    @Test
    void batchIsThePlainPerPixelExpression() {
        PreprocessConfig config = new PreprocessConfig(SIZE, "BGR", new float[] {103.939f, 116.779f, 123.68f}, 0.5f);
        List<BufferedImage> images = List.of(noise(SIZE, SIZE, BufferedImage.TYPE_INT_RGB, 4),
                noise(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB, 5));
        INDArray batch = new ImagePreprocessor(config).batch(images);
        assertArrayEquals(new long[] {2, 3, SIZE, SIZE}, batch.shape());
        for (int i = 0; i < images.size(); i++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int rgb = images.get(i).getRGB(x, y);
                    float[] bgr = {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF};
                    for (int c = 0; c < 3; c++) {
                        assertEquals((bgr[c] - config.mean()[c]) * 0.5f, batch.getFloat(i, c, y, x), 0f);
                    }
                }
            }
        }
    }

    private static BufferedImage noise(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xFF000000 | random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static void assertRgbEquals(int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xFFFFFF, actual[i] & 0xFFFFFF, "pixel " + i);
        }
    }
}
