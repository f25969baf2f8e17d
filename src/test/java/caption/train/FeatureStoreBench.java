package caption.train;

import caption.data.Vocabulary;
import caption.decoder.AttendTellType;
import caption.decoder.FeatureScaler;
import caption.encoder.FeatureRows;
import caption.encoder.FeatureStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory of training from a feature store larger than the heap (docs/benchmarks.md): writes a
 * synthetic store of {@code bench.rows} random 13 x 13 x 512 grids ({@code bench.dtype}) into
 * {@code bench.dir}, opens it again (every shard's CRC checked), fits the scaler in one streaming
 * pass and trains {@code bench.steps} steps of the attention decoder on captions of images drawn
 * from the whole store, printing each phase's time and the peak resident memory (VmHWM) after it.
 * Runs only with {@code -Dfeature.bench=true}; scripts/feature-store-bench runs it.
 */
@EnabledIfSystemProperty(named = "feature.bench", matches = "true")
class FeatureStoreBench {

    private static final int REGIONS = 169;
    private static final int CHANNELS = 512;
    private static final int BATCH = 64;

    private static String peakRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ").substring(7);
    }

    private static void phase(String name, long start, String extra) throws IOException {
        System.out.printf(Locale.ROOT, "{\"phase\": \"%s\", \"seconds\": %.1f, \"peak_rss\": \"%s\"%s}%n", name,
                (System.nanoTime() - start) / 1e9, peakRss(), extra);
        System.out.flush();
    }

    @Test
    void trainFromAStoreLargerThanTheHeap() throws IOException {
        int rows = Integer.getInteger("bench.rows", 8091);
        int steps = Integer.getInteger("bench.steps", 200);
        String dtype = System.getProperty("bench.dtype", "float32");
        Path dir = Path.of(System.getProperty("bench.dir", "target/feature-store-bench"));
        int width = REGIONS * CHANNELS;
        FeatureStore.Manifest layout = new FeatureStore.Manifest(rows, width, REGIONS, dtype,
                FeatureStore.SHARD_ROWS, "bench-" + rows, null);
        System.out.printf(Locale.ROOT, "{\"rows\": %d, \"width\": %d, \"dtype\": \"%s\", \"max_heap_gb\": %.2f}%n",
                rows, width, dtype, Runtime.getRuntime().maxMemory() / 1e9);
        PrintWriter quiet = new PrintWriter(new StringWriter());
        Nd4j.getRandom().setSeed(1);
        long start = System.nanoTime();
        FeatureStore.open(dir, layout, (from, to) -> Nd4j.rand(DataType.FLOAT, to - from, width).muli(4), quiet)
                .close();
        phase("write", start, String.format(Locale.ROOT, ", \"store_bytes\": %d", size(dir)));
        start = System.nanoTime();
        try (FeatureRows raw = FeatureStore.open(dir, layout, (from, to) -> {
            throw new IOException("the store should be whole");
        }, quiet)) {
            phase("open and verify", start, "");
            start = System.nanoTime();
            FeatureScaler scaler = ScaledRows.fit(raw);
            phase("fit scaler (one streaming pass)", start, "");
            Random random = new Random(3);
            Vocabulary vocabulary;
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 1000; w++) {
                words.add("w" + w);
            }
            List<List<String>> captions = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                List<String> five = new ArrayList<>();
                for (int k = 0; k < 5; k++) {
                    StringBuilder caption = new StringBuilder();
                    for (int t = 0; t < 10; t++) {
                        caption.append(words.get(random.nextInt(words.size()))).append(' ');
                    }
                    five.add(caption.toString().trim());
                }
                captions.add(five);
            }
            vocabulary = Vocabulary.build(captions.stream().flatMap(List::stream).toList(), 1);
            List<DecoderTrainer.Pair> all = DecoderTrainer.pairs(captions, vocabulary, 20);
            List<DecoderTrainer.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < steps * BATCH; i++) {
                pairs.add(all.get(random.nextInt(all.size())));
            }
            TrainSettings settings = new TrainSettings(1, BATCH, 0.002, 1.0, 5.0, 0.5, 256, 512, 1, 20, 1)
                    .withDecoder(AttendTellType.NAME, 256, 1.0, false);
            start = System.nanoTime();
            DecoderTrainer.Result result = new DecoderTrainer(settings, quiet).train(new ScaledRows(raw, scaler),
                    pairs, vocabulary);
            phase("train " + steps + " steps", start, String.format(Locale.ROOT, ", \"loss\": %.3f",
                    result.epochLosses().get(0)));
        }
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
