package caption.render;

import caption.io.AtomicFiles;
import caption.model.AttentionMap;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws where an attention decoder looked, as the figures of Show, Attend and Tell do: one panel
 * per generated word, the image with the word's attention weights upsampled (bicubic, which also
 * smooths them) and laid over it, so unattended parts are dimmed and the most attended part is
 * bright, and the word under it.
 */
public final class AttentionPanels {

    /** Longer side of the image in a panel, in pixels. */
    public static final int PANEL_SIZE = 224;
    private static final int COLUMNS = 5;
    private static final int LABEL_HEIGHT = 28;
    private static final int GAP = 6;
    /** How much of the image shows where attention is zero. */
    private static final float FLOOR = 0.15f;

    private AttentionPanels() {}

    /** Panels of every word of the map, COLUMNS to a row. */
    public static BufferedImage draw(BufferedImage image, AttentionMap map) {
        BufferedImage scaled = scale(image);
        int w = scaled.getWidth();
        int h = scaled.getHeight();
        int panels = map.words().size();
        int columns = Math.min(COLUMNS, panels);
        int rows = (panels + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (w + GAP) + GAP, rows * (h + LABEL_HEIGHT + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
            for (int k = 0; k < panels; k++) {
                int x = GAP + (k % columns) * (w + GAP);
                int y = GAP + (k / columns) * (h + LABEL_HEIGHT + GAP);
                g.drawImage(overlay(scaled, heat(map, k, w, h)), x, y, null);
                label(g, map.words().get(k), x, y + h, w);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes the panels as a PNG, atomically. */
    public static void write(BufferedImage image, AttentionMap map, Path png) throws IOException {
        BufferedImage sheet = draw(image, map);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(sheet, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    private static BufferedImage scale(BufferedImage image) {
        double f = (double) PANEL_SIZE / Math.max(image.getWidth(), image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * f));
        int h = Math.max(1, (int) Math.round(image.getHeight() * f));
        return resample(image, w, h, BufferedImage.TYPE_INT_RGB);
    }

    /** Word k's weights as a w x h map in [0, 1], scaled so the most attended position is 1. */
    static float[] heat(AttentionMap map, int k, int w, int h) {
        float[] weights = map.weights()[k];
        float max = 0;
        for (float v : weights) {
            max = Math.max(max, v);
        }
        BufferedImage grid = new BufferedImage(map.cols(), map.rows(), BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < map.rows(); r++) {
            for (int c = 0; c < map.cols(); c++) {
                int level = max > 0 ? Math.round(255 * weights[r * map.cols() + c] / max) : 0;
                grid.getRaster().setSample(c, r, 0, level);
            }
        }
        BufferedImage up = resample(grid, w, h, BufferedImage.TYPE_BYTE_GRAY);
        float[] out = new float[w * h];
        up.getRaster().getSamples(0, 0, w, h, 0, out);
        for (int i = 0; i < out.length; i++) {
            out[i] /= 255f;
        }
        return out;
    }

    private static BufferedImage overlay(BufferedImage image, float[] heat) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                float a = FLOOR + (1 - FLOOR) * heat[y * w + x];
                int r = Math.round(((rgb >> 16) & 0xff) * a);
                int g = Math.round(((rgb >> 8) & 0xff) * a);
                int b = Math.round((rgb & 0xff) * a);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    private static void label(Graphics2D g, String word, int x, int y, int width) {
        g.setColor(Color.BLACK);
        FontMetrics m = g.getFontMetrics();
        g.drawString(word, x + Math.max(0, (width - m.stringWidth(word)) / 2), y + (LABEL_HEIGHT + m.getAscent()) / 2 - 2);
    }

    /** Java2D bicubic resampling with a quality hint: smooth when enlarging a small attention grid. */
    private static BufferedImage resample(BufferedImage src, int w, int h, int type) {
        BufferedImage dst = new BufferedImage(w, h, type);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
