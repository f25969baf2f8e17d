package caption.batch;

import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How a folder run divides its work, measured: the first {@code bench.photos} Flickr8k test photos
 * (96 by default) through {@link BatchCaptioner} with {@code flickr8k}, its search at the model's
 * settings, in interleaved rounds ({@code bench.rounds}, 2) after one warm-up run: batch sizes 8, 16
 * and 32, one and two decoding threads, and the batch's encoding after its search instead of beside
 * it (one stage). Prints each run's photos/s and the process's CPU time per photo, which another
 * process's load moves less than the wall time. Runs only with {@code -Dsplit.bench=true}:
 * {@code mvn -o -q test -Dtest=FolderSplitBench -Dsplit.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "split.bench", matches = "true")
class FolderSplitBench {

    private record Split(String name, int threads, int batchSize, boolean overlapped) {}

    private static final List<Split> SPLITS = List.of(
            new Split("batch 16, 2 decoding threads, encoding beside the search", 2, 16, true),
            new Split("batch 16, 2 decoding threads, encoding before the search", 2, 16, false),
            new Split("batch 8, 2 decoding threads, encoding beside the search", 2, 8, true),
            new Split("batch 32, 2 decoding threads, encoding beside the search", 2, 32, true),
            new Split("batch 16, 1 decoding thread, encoding beside the search", 1, 16, true));

    @Test
    void splitsOfAFolderRun() throws Exception {
        Path data = Path.of("..", "shared", "data", "flickr8k");
        List<ImageFiles.Entry> photos = new ArrayList<>();
        for (String name : Files.readAllLines(data.resolve("Flickr_8k.testImages.txt"))
                .subList(0, Integer.getInteger("bench.photos", 96))) {
            photos.add(new ImageFiles.Entry(data.resolve("Flicker8k_Dataset").resolve(name.trim()), null));
        }
        CaptionModel model = ModelFile.load(ModelRegistry.resolve("flickr8k"));
        run(model, photos, SPLITS.get(0)); // warm-up
        for (int round = 0; round < Integer.getInteger("bench.rounds", 2); round++) {
            for (Split split : SPLITS) {
                double[] figures = run(model, photos, split);
                System.err.printf(Locale.ROOT, "round %d, %s: %.2f photos/s, %.1f ms of CPU a photo%n", round + 1,
                        split.name(), figures[0], figures[1]);
            }
        }
    }

    /** Photos/s and the process's CPU milliseconds per photo. */
    private static double[] run(CaptionModel model, List<ImageFiles.Entry> photos, Split split) throws Exception {
        SearchSettings search = model.config().search();
        BatchCaptioner.Settings settings = new BatchCaptioner.Settings(split.threads(), split.batchSize(), 50_000_000L);
        BatchCaptioner captioner = split.overlapped() ? new BatchCaptioner(model, search, settings)
                : new BatchCaptioner(images -> model.caption(images, search), model.encoder().preprocess(), settings);
        long cpu = processCpuNanos();
        int[] failed = new int[1];
        BatchCaptioner.Summary summary = captioner.run(photos, Set.of(), c -> failed[0] += c.ok() ? 0 : 1);
        if (failed[0] > 0) {
            throw new IllegalStateException(failed[0] + " photos failed");
        }
        return new double[] {summary.imagesPerSecond(), (processCpuNanos() - cpu) / 1e6 / photos.size()};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
