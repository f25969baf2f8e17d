package caption.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/**
 * Reads an image file. ImageIO first (pure Java, no native start-up cost); OpenCV through javacv
 * for the formats ImageIO lacks (WebP and others). Every failure is an {@link ImageException}
 * whose message names the file and the reason.
 */
public final class ImageDecoder {

    private ImageDecoder() {}

    public static BufferedImage read(Path path) throws ImageException {
        byte[] bytes = readBytes(path);
        if (bytes.length == 0) {
            throw new ImageException(path, "empty file");
        }
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (image != null) {
                return image;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to OpenCV, which tolerates some files ImageIO rejects
        }
        BufferedImage image = decodeWithOpenCv(bytes);
        if (image == null) {
            throw new ImageException(path, "not a decodable image");
        }
        return image;
    }

    private static byte[] readBytes(Path path) throws ImageException {
        if (!Files.exists(path)) {
            throw new ImageException(path, Files.isSymbolicLink(path) ? "broken symbolic link" : "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new ImageException(path, "is a directory");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ImageException(path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static BufferedImage decodeWithOpenCv(byte[] bytes) {
        try (BytePointer buffer = new BytePointer(bytes);
                Mat encoded = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, buffer);
                Mat decoded = imdecode(encoded, IMREAD_COLOR)) {
            if (decoded == null || decoded.empty()) {
                return null;
            }
            try (OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
                    Java2DFrameConverter toImage = new Java2DFrameConverter()) {
                return copy(toImage.convert(toMat.convert(decoded)));
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** The converter's image shares native memory that is freed with it. */
    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(image, 0, 0, null);
        return out;
    }

    /** An image that cannot be used, with a one-line reason. */
    public static final class ImageException extends IOException {
        private final Path path;

        public ImageException(Path path, String reason) {
            super(path + ": " + reason);
            this.path = path;
        }

        public Path path() {
            return path;
        }
    }
}
