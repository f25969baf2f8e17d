package caption.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertNear(int expectedRgb, int actualRgb, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expectedRgb >> shift) & 0xFF;
            int a = (actualRgb >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance,
                    String.format("expected %06x, got %06x", expectedRgb & 0xFFFFFF, actualRgb & 0xFFFFFF));
        }
    }

    @Test
    void cmykJpegComesOutInRgb() throws IOException {
        BufferedImage image = ImageDecoder.read(write("cmyk.jpg", TestImages.cmykJpeg(32, 16)));
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertNear(0xFF0000, image.getRGB(4, 8), 40); // C0 M100 Y100 K0
        assertTrue((image.getRGB(28, 8) & 0xFF) > 150, "right half is blue-ish"); // C100 M100
    }

    @Test
    void exifOrientationIsApplied() throws IOException {
        BufferedImage stored = TestImages.halves(40, 20); // red | blue, 40 wide
        BufferedImage upright = ImageDecoder.read(write("rot.jpg", TestImages.jpegWithOrientation(stored, 6)));
        assertEquals(20, upright.getWidth());
        assertEquals(40, upright.getHeight());
        assertNear(0xFF0000, upright.getRGB(10, 5), 40); // 90 degrees clockwise: the left (red) half is on top
        assertNear(0x0000FF, upright.getRGB(10, 35), 40);
    }

    @Test
    void sixteenBitGrayscaleAndAlphaBecomeEightBitRgb() throws IOException {
        BufferedImage ramp = ImageDecoder.read(write("deep.png", TestImages.png16(64, 4)));
        assertEquals(BufferedImage.TYPE_INT_RGB, ramp.getType());
        assertNear(0x000000, ramp.getRGB(0, 0), 2);
        assertNear(0xFFFFFF, ramp.getRGB(63, 0), 2);
        BufferedImage alpha = ImageDecoder.read(write("alpha.png", TestImages.pngWithAlpha(20, 10)));
        assertNear(0xFFFFFF, alpha.getRGB(2, 5), 0); // transparent on white
        assertNear(0x00C800, alpha.getRGB(17, 5), 0);
    }

    @Test
    void gifBmpAndTiffAreRead() throws IOException {
        BufferedImage source = TestImages.halves(16, 8);
        for (String format : new String[] {"gif", "bmp", "tiff"}) {
            BufferedImage image = ImageDecoder.read(write("x." + format, TestImages.encode(source, format)));
            assertNear(0xFF0000, image.getRGB(2, 2), 10);
        }
    }

    @Test
    void formatsNoImageIoReaderKnowsAreReadThroughOpenCv() throws IOException {
        BufferedImage source = TestImages.halves(16, 8);
        for (String format : new String[] {".ras", ".ppm"}) {
            BufferedImage image = ImageDecoder.read(write("x" + format, openCvEncode(source, format)));
            assertEquals(16, image.getWidth(), format);
            assertNear(0xFF0000, image.getRGB(2, 2), 10);
            assertNear(source.getRGB(13, 5), image.getRGB(13, 5), 10);
        }
    }

    /** Encodes with OpenCV's own writers: formats that only its decoder reads here. */
    private static byte[] openCvEncode(BufferedImage source, String extension) {
        // 3-byte BGR is the channel order of OpenCV's Mat
        BufferedImage image = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        image.createGraphics().drawImage(source, 0, 0, null);
        try (OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
                Java2DFrameConverter fromImage = new Java2DFrameConverter();
                Mat mat = toMat.convert(fromImage.convert(image));
                BytePointer encoded = new BytePointer()) {
            assertTrue(opencv_imgcodecs.imencode(extension, mat, encoded), "OpenCV encodes " + extension);
            byte[] bytes = new byte[(int) encoded.limit()];
            encoded.get(bytes);
            return bytes;
        }
    }

    @Test
    void tooManyPixelsAreRefusedFromTheHeader() throws IOException {
        Path big = write("big.png", TestImages.encode(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB), "png"));
        ImageDecoder.ImageException e = assertThrows(ImageDecoder.ImageException.class,
                () -> new ImageDecoder(100_000).decode(big));
        assertTrue(e.getMessage().endsWith("big.png: 400 x 300 pixels is over the limit of 100000 pixels"), e.getMessage());
    }

    @Test
    void truncatedFilesFailWithTheirName() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.halves(64, 64), "jpeg");
        byte[] png = TestImages.encode(TestImages.halves(64, 64), "png");
        for (Path p : new Path[] {write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)),
            write("cut.png", Arrays.copyOf(png, png.length / 2))}) {
            ImageDecoder.ImageException e = assertThrows(ImageDecoder.ImageException.class, () -> ImageDecoder.read(p));
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        }
    }

    @Test
    void bytesReadElsewhereDecodeAsTheFileDoesWithTheSameChecks() throws IOException {
        byte[] jpeg = TestImages.jpegWithOrientation(TestImages.halves(64, 48), 6);
        BufferedImage fromFile = ImageDecoder.read(write("r.jpg", jpeg));
        BufferedImage fromBytes = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode("s3a://bucket/r.jpg", jpeg);
        assertEquals(fromFile.getWidth(), fromBytes.getWidth());
        assertEquals(fromFile.getHeight(), fromBytes.getHeight());
        assertEquals(fromFile.getRGB(3, 5), fromBytes.getRGB(3, 5));
        byte[] big = TestImages.encode(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecoder.ImageException e = assertThrows(ImageDecoder.ImageException.class,
                () -> new ImageDecoder(100_000).decode("hdfs://nn/big.png", big));
        assertEquals("hdfs://nn/big.png: 400 x 300 pixels is over the limit of 100000 pixels", e.getMessage());
        e = assertThrows(ImageDecoder.ImageException.class, () -> new ImageDecoder(100).decode("file:/e.png", new byte[0]));
        assertEquals("file:/e.png: empty file", e.getMessage());
    }
}
