package caption.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Small image files built in memory: the odd kinds real folders hold. */
public final class TestImages {

    private TestImages() {}

    /** Left half red, right half blue. */
    public static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG with an EXIF APP1 segment whose orientation tag is {@code orientation}. */
    public static byte[] jpegWithOrientation(BufferedImage image, int orientation) {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, IFD at offset 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, // tag 274 SHORT x1
            0, 0, 0, 0}; // no next IFD
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        return withSegment(encode(image, "jpeg"), 0xE1, exif);
    }

    /** An Adobe CMYK JPEG (inverted values, APP14 transform 0), as Photoshop writes them: red | blue. */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] cmyk = x < width / 2 ? new int[] {0, 255, 255, 0} : new int[] {255, 255, 0, 0};
                raster.setPixel(x, y, new int[] {255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]});
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
            writer.dispose();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        return withSegment(bytes.toByteArray(), 0xEE, adobe);
    }

    /** A 16-bit grayscale PNG of a horizontal ramp. */
    public static byte[] png16(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, x * 65535 / (width - 1));
            }
        }
        return encode(image, "png");
    }

    /** A PNG whose left half is fully transparent and right half opaque green. */
    public static byte[] pngWithAlpha(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 200, 0, 255));
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return encode(image, "png");
    }

    /** Inserts a marker segment right after the JPEG's SOI. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        byte[] out = new byte[jpeg.length + payload.length + 4];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) marker;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }
}
