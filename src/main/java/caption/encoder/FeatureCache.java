package caption.encoder;

import caption.image.ImageDecoder;
import caption.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooled features or spatial grids of a dataset's images, computed once per (encoder, image list) and kept on disk
 * as a NumPy file, so training epochs and reruns never touch the CNN again.
 */
public final class FeatureCache {

    private static final int BATCH = 32;

    private final Path directory;
    private final PrintWriter log;

    public FeatureCache(Path directory, PrintWriter log) {
        this.directory = directory;
        this.log = log;
    }

    /** A dataset's cache: {@code .cache/} in its folder, or the user's cache when that is read-only. */
    public static FeatureCache forDataset(Path root, PrintWriter log) {
        Path directory = Files.isWritable(root) ? root.resolve(".cache")
                : Path.of(System.getProperty("user.home"), ".cache", "caption", "features");
        return new FeatureCache(directory, log);
    }

    /** Features [n, C] of the images in order; reads the cache or fills it. */
    public INDArray pooled(ImageEncoder encoder, List<Path> images) throws IOException {
        return cached("pooled", encoder, images, Features::pooled);
    }

    /** Grids of the images as rows of L positions of C channels each, and L. */
    public record GridRows(INDArray rows, int regions) {}

    /** The grids of the images in order (what attention decoders read); reads the cache or fills it. */
    public GridRows grid(ImageEncoder encoder, List<Path> images) throws IOException {
        INDArray grids = cached("grid", encoder, images,
                f -> f.gridRows().reshape('c', f.count(), f.regions(), f.grid().size(1)));
        return new GridRows(grids.reshape('c', grids.size(0), grids.size(1) * grids.size(2)), (int) grids.size(1));
    }

    private INDArray cached(String kind, ImageEncoder encoder, List<Path> images, Function<Features, INDArray> part)
            throws IOException {
        Path file = directory.resolve(kind + "-" + key(encoder, images) + ".npy");
        if (Files.isRegularFile(file)) {
            try {
                INDArray cached = Nd4j.createFromNpyFile(file.toFile());
                if (cached.size(0) == images.size()) {
                    log.printf("features: read %d from cache %s%n", images.size(), file);
                    return cached;
                }
            } catch (RuntimeException e) {
                log.printf("features: cache %s unreadable, recomputing%n", file);
            }
        }
        INDArray computed = compute(encoder, images, part);
        AtomicFiles.write(file, out -> out.write(Nd4j.toNpyByteArray(computed)));
        return computed;
    }

    private INDArray compute(ImageEncoder encoder, List<Path> images, Function<Features, INDArray> part)
            throws IOException {
        long start = System.nanoTime();
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<BufferedImage> batch = new ArrayList<>();
            for (Path p : images.subList(from, Math.min(images.size(), from + BATCH))) {
                batch.add(ImageDecoder.read(p));
            }
            parts.add(part.apply(encoder.encode(batch)));
        }
        INDArray all = Nd4j.concat(0, parts.toArray(new INDArray[0]));
        log.printf("features: encoded %d images in %.1f s%n", images.size(), (System.nanoTime() - start) / 1e9);
        log.flush();
        return all;
    }

    static String key(ImageEncoder encoder, List<Path> images) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Parameters and configuration, not the serialised zip, whose entry times differ per save.
            sha.update(encoder.graph().params().dup('c').data().asBytes());
            sha.update(encoder.graph().getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
            sha.update(encoder.descriptionBytes());
            for (Path p : images) {
                sha.update(p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
