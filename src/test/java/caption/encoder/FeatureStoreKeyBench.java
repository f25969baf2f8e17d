package caption.encoder;

import caption.image.PreprocessConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a feature store's key costs over a folder of photos ({@code bench.images}, Flickr8k's by
 * default): {@link FeatureStore#key}, which hashes every photo's bytes, against reading each photo's
 * size and modification time, the cheaper key it could have had. The folder is read once first, so
 * both run from the page cache; {@code bench.reps} rounds. Runs only with {@code -Dkey.bench=true}:
 * {@code mvn -o -q test -Dtest=FeatureStoreKeyBench -Dkey.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "key.bench", matches = "true")
class FeatureStoreKeyBench {

    @Test
    void keyOfEveryPhoto() throws IOException {
        Path folder = Path.of(System.getProperty("bench.images", "../shared/data/flickr8k/Flicker8k_Dataset"));
        int reps = Integer.getInteger("bench.reps", 5);
        List<Path> photos;
        try (Stream<Path> files = Files.list(folder)) {
            photos = files.sorted().toList();
        }
        ImageEncoder encoder = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 7),
                new ImageEncoder.Description(PreprocessConfig.shapes(64), "random", Map.of()));
        long bytes = 0;
        for (Path p : photos) {
            bytes += Files.readAllBytes(p).length; // into the page cache
        }
        System.out.printf(Locale.ROOT, "{\"photos\": %d, \"megabytes\": %.1f}%n", photos.size(), bytes / 1e6);
        for (int r = 1; r <= reps; r++) {
            long start = System.nanoTime();
            long sum = 0;
            for (Path p : photos) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                sum += a.size() ^ a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            }
            report(r, "size+mtime", start, photos.size(), Long.toHexString(sum));
            start = System.nanoTime();
            String key = FeatureStore.key(encoder, photos);
            report(r, "content sha-256 (FeatureStore.key)", start, photos.size(), key);
        }
    }

    private static void report(int rep, String what, long start, int photos, String result) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "{\"rep\": %d, \"key\": \"%s\", \"seconds\": %.3f, \"us_per_photo\": %.1f, \"value\": \"%s\"}%n",
                rep, what, seconds, seconds * 1e6 / photos, result);
    }
}
