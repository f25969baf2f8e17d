package caption.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The one decoding policy of the project. ImageIO with the TwelveMonkeys plugins (JPEG including
 * CMYK/YCCK, PNG, GIF's first frame, BMP, TIFF, WebP); OpenCV through javacv for what ImageIO
 * cannot read. The size is checked from the header before any pixel is decoded; EXIF orientation
 * is applied; the result is always 8-bit RGB with alpha composited on white. Every failure is an
 * {@link ImageException} whose message names the file and the reason.
 */
public final class ImageDecoder {

    /** Images larger than this many pixels are refused, as libvips and ImageMagick do by default. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    private static final ImageDecoder DEFAULT = new ImageDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("the pixel limit must be positive");
        }
        this.maxPixels = maxPixels;
    }

    /** Decodes with the default pixel limit. */
    public static BufferedImage read(Path path) throws ImageException {
        return DEFAULT.decode(path);
    }

    public BufferedImage decode(Path path) throws ImageException {
        return decode(path.toString(), readBytes(path));
    }

    /**
     * Decodes an image file's bytes read elsewhere (a Hadoop file system, an archive, a request);
     * {@code name} labels it in errors. The same policy as for a path, the header's pixel check first.
     */
    public BufferedImage decode(String name, byte[] bytes) throws ImageException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageException(name, "empty file");
        }
        BufferedImage image = decodeWithImageIo(name, bytes);
        if (image == null) {
            image = decodeWithOpenCv(bytes);
            if (image == null) {
                throw new ImageException(name, "not a decodable image");
            }
            checkSize(name, image.getWidth(), image.getHeight());
        }
        return toRgb(orient(image, exifOrientation(bytes)));
    }

    /** An image file's bytes, undecoded; an {@link ImageException} names the file and why it cannot be read. */
    public static byte[] readBytes(Path path) throws ImageException {
        if (!Files.exists(path)) {
            throw new ImageException(path, Files.isSymbolicLink(path) ? "broken symbolic link" : "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new ImageException(path, "is a directory");
        }
        try {
            return Files.readAllBytes(path);
        } catch (AccessDeniedException e) {
            throw new ImageException(path, "permission denied");
        } catch (FileSystemLoopException e) {
            throw new ImageException(path, "symbolic link loop");
        } catch (IOException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links")
                    ? "symbolic link loop" : "cannot be read (" + e.getClass().getSimpleName() + ")";
            throw new ImageException(path, reason);
        }
    }

    /** Null when no ImageIO reader knows the format. */
    private BufferedImage decodeWithImageIo(String path, byte[] bytes) throws ImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSize(path, reader.getWidth(0), reader.getHeight(0));
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                for (String warning : warnings) {
                    String w = warning.toLowerCase(Locale.ROOT);
                    if (w.contains("premature end") || w.contains("truncat") || w.contains("corrupt")) {
                        throw new ImageException(path, "truncated or corrupt " + reader.getFormatName() + " (" + warning + ")");
                    }
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageException(path, "truncated or corrupt image (" + oneLine(e) + ")");
        }
    }

    private void checkSize(String path, long width, long height) throws ImageException {
        if (width * height > maxPixels) {
            throw new ImageException(path, String.format(Locale.ROOT,
                    "%d x %d pixels is over the limit of %d pixels", width, height, maxPixels));
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
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
                // the converter's image shares native memory that is freed with it: copy it
                return toRgb(toImage.convert(toMat.convert(decoded)));
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** The EXIF orientation (1..8), 1 when there is none or it cannot be read. */
    static int exifOrientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int orientation = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return orientation >= 1 && orientation <= 8 ? orientation : 1;
            }
        } catch (Exception e) {
            // no readable metadata: the pixels are used as stored
        }
        return 1;
    }

    /** Turns stored pixels upright as EXIF orientation says (TIFF/EXIF tag 274). */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }

    /** 8-bit RGB whatever the source (16-bit, grayscale, palette, CMYK), alpha composited on white. */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** An image that cannot be used, with a one-line reason. */
    public static final class ImageException extends IOException {
        private final transient Path path;

        public ImageException(Path path, String reason) {
            super(path + ": " + reason);
            this.path = path;
        }

        /** A failure of bytes that are not a local file; {@code name} is how they are known (a URI). */
        public ImageException(String name, String reason) {
            super(name + ": " + reason);
            this.path = null;
        }

        /** The local file, or null for bytes decoded by name. */
        public Path path() {
            return path;
        }
    }
}
