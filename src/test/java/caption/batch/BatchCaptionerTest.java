package caption.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.image.PreprocessConfig;
import caption.model.Alternative;
import caption.model.Caption;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder run's stages with a model that names each image by its colour: results in input
 * order with failures in place, a batch's encoding overlapping the search of the one before it,
 * and a model's failure out of the run.
 */
class BatchCaptionerTest {

    private static final int IMAGES = 23;
    private static final int BATCH = 4;

    @TempDir
    Path folder;

    /** Image i is all red 10 i; every seventh file is not an image. */
    private List<ImageFiles.Entry> files() throws IOException {
        List<ImageFiles.Entry> entries = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path file = folder.resolve(String.format("%02d.png", i));
            if (i % 7 == 3) {
                Files.writeString(file, "not an image");
            } else {
                BufferedImage image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 12; x++) {
                        image.setRGB(x, y, (10 * i) << 16);
                    }
                }
                ImageIO.write(image, "png", file.toFile());
            }
            entries.add(new ImageFiles.Entry(file, null));
        }
        return entries;
    }

    /**
     * Encodes an image as its red. The search of batch k waits until batch k + 1 has been encoded
     * (as many as there are), which a run that encodes only after a search never does.
     */
    private static final class RedModel implements BatchCaptioner.Stages<List<Integer>> {
        private final int batches;
        final AtomicInteger encoded = new AtomicInteger();
        int searched;
        boolean overlapped = true;

        RedModel(int batches) {
            this.batches = batches;
        }

        @Override
        public List<Integer> encode(List<BufferedImage> images) {
            encoded.incrementAndGet();
            return images.stream().map(image -> (image.getRGB(0, 0) >> 16) & 0xFF).toList();
        }

        @Override
        public List<Caption> caption(List<Integer> reds) {
            searched++;
            long until = System.nanoTime() + 5_000_000_000L;
            while (encoded.get() < Math.min(searched + 1, batches) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            overlapped &= encoded.get() >= Math.min(searched + 1, batches);
            return reds.stream().map(r -> Caption.best(List.of(new Alternative("red " + r, 0, 0)))).toList();
        }
    }

    private static PreprocessConfig small() {
        return PreprocessConfig.shapes(32);
    }

    @Test
    void resultsComeInInputOrderWhileTheNextBatchIsEncoded() throws Exception {
        List<ImageFiles.Entry> files = files();
        RedModel model = new RedModel((IMAGES - 1 + BATCH - 1) / BATCH); // one file skipped
        List<Caption> results = new ArrayList<>();
        BatchCaptioner.Summary summary = new BatchCaptioner(model, small(), new BatchCaptioner.Settings(2, BATCH, 1L << 20))
                .run(files, Set.of(files.get(1).path().toString()), results::add);
        assertEquals(IMAGES - 1, results.size());
        assertEquals(1, summary.skipped());
        assertEquals(3, summary.failed());
        for (int k = 0; k < results.size(); k++) {
            int i = k == 0 ? 0 : k + 1;
            Caption c = results.get(k);
            assertEquals(files.get(i).path().toString(), c.source(), "result " + k);
            assertEquals(i % 7 != 3, c.ok(), c.source());
            if (c.ok()) {
                assertEquals("red " + 10 * i, c.text(), c.source());
            }
        }
        assertTrue(model.overlapped, "each batch encoded while the one before it was searched");
    }

    @Test
    void aModelFailureStopsTheRun() throws Exception {
        BatchCaptioner.Stages<Integer> failing = new BatchCaptioner.Stages<>() {
            @Override
            public Integer encode(List<BufferedImage> images) {
                throw new IllegalStateException("native memory exhausted");
            }

            @Override
            public List<Caption> caption(Integer encoded) {
                throw new AssertionError("never searched");
            }
        };
        List<Caption> results = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BatchCaptioner(failing, small(),
                new BatchCaptioner.Settings(2, BATCH, 1L << 20)).run(files(), Set.of(), results::add));
        assertEquals("native memory exhausted", e.getMessage());
        assertFalse(results.stream().anyMatch(Caption::ok));
    }
}
