package caption.encoder;

import caption.image.ImageDecoder;
import caption.io.AtomicFiles;
import caption.io.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooled features or grids of a dataset's images, extracted once per encoder and image contents
 * ({@link #key}) into a folder of shards on disk and read back a few rows at a time, so memory does not grow with the
 * dataset.
 *
 * <p>A store is a folder {@code KIND-KEY-DTYPE/} holding shards of {@code shardRows} rows each
 * (the last one shorter), raw little-endian float32 or float16, each named
 * {@code shard-NNNNN-CRC.bin} with the CRC32 of its bytes, and a {@code manifest.json} (rows,
 * width, regions, dtype, shard rows, key, shard names) written last. Every file is written
 * atomically. Opening a store checks every shard's size and CRC: shards that pass are kept (an
 * interrupted extraction resumes after them), any other is extracted again, and the manifest is
 * removed before and rewritten after, so a store is read only when whole.
 */
public final class FeatureStore {

    /** How rows are stored. */
    public enum Dtype {
        FLOAT32(4), FLOAT16(2);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        /** The option's spelling: float32 or float16. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Dtype parse(String label) {
            for (Dtype d : values()) {
                if (d.label().equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("feature dtype must be float32 or float16, not " + label);
        }
    }

    /** Rows per shard. */
    public static final int SHARD_ROWS = 1024;
    static final String MANIFEST = "manifest.json";
    private static final int ENCODE_BATCH = 32;
    private static final Pattern SHARD = Pattern.compile("shard-(\\d{5})-([0-9a-f]{8})\\.bin");

    /** A store's layout and its shards' names, as {@code manifest.json} records them. */
    public record Manifest(@JsonProperty("rows") int rows, @JsonProperty("width") int width,
            @JsonProperty("regions") int regions, @JsonProperty("dtype") String dtype,
            @JsonProperty("shardRows") int shardRows, @JsonProperty("key") String key,
            @JsonProperty("shards") List<String> shards) {

        boolean sameLayout(Manifest other) {
            return rows == other.rows && width == other.width && regions == other.regions
                    && dtype.equals(other.dtype) && shardRows == other.shardRows && key.equals(other.key);
        }

        int shardCount() {
            return (rows + shardRows - 1) / shardRows;
        }

        long shardBytes(int shard) {
            long n = Math.min(shardRows, rows - (long) shard * shardRows);
            return n * width * Dtype.parse(dtype).bytes;
        }
    }

    /** Where rows come from while a store is filled: rows {@code from} to {@code to} as [n, width]. */
    @FunctionalInterface
    public interface Source {
        INDArray rows(int from, int to) throws IOException;
    }

    private final Path directory;
    private final PrintWriter log;
    private final Dtype dtype;

    public FeatureStore(Path directory, PrintWriter log, Dtype dtype) {
        this.directory = directory;
        this.log = log;
        this.dtype = dtype;
    }

    /** Environment variable naming the folder of feature stores instead of the user's cache. */
    public static final String DIRECTORY_VARIABLE = "CAPTION_FEATURE_DIR";

    /**
     * The feature stores' folder: {@value #DIRECTORY_VARIABLE} when set, else
     * {@code ~/.cache/caption/features}. Never the dataset's own folder: datasets are often shared
     * or read-only, and a store is keyed by encoder and image contents, so one folder serves them all.
     */
    public static FeatureStore inCache(PrintWriter log, Dtype dtype) {
        String chosen = System.getenv(DIRECTORY_VARIABLE);
        Path dir = chosen != null && !chosen.isBlank() ? Path.of(chosen)
                : Path.of(System.getProperty("user.home"), ".cache", "caption", "features");
        return new FeatureStore(dir, log, dtype);
    }

    /** Pooled features [n, C] of the images in order (one region); reads the store or fills it. */
    public FeatureRows pooled(ImageEncoder encoder, List<Path> images) throws IOException {
        return extracted("pooled", encoder, images);
    }

    /** Grids of the images in order as rows of L positions of C channels; reads the store or fills it. */
    public FeatureRows grid(ImageEncoder encoder, List<Path> images) throws IOException {
        return extracted("grid", encoder, images);
    }

    private FeatureRows extracted(String kind, ImageEncoder encoder, List<Path> images) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to extract features of");
        }
        String key = key(encoder, images);
        Path folder = directory.resolve(kind + "-" + key + "-" + dtype.label());
        Source source = (from, to) -> {
            List<BufferedImage> batch = new ArrayList<>();
            for (Path p : images.subList(from, to)) {
                batch.add(ImageDecoder.read(p));
            }
            Features f = encoder.encode(batch);
            return kind.equals("pooled") ? f.pooled() : f.gridRows().reshape('c', f.count(), f.gridRows().length() / f.count());
        };
        Optional<Manifest> manifest = readManifest(folder);
        int width;
        int regions;
        if (manifest.isPresent() && manifest.get().rows() == images.size() && manifest.get().key().equals(key)) {
            width = manifest.get().width();
            regions = manifest.get().regions();
        } else {
            Features first = encoder.encode(List.of(ImageDecoder.read(images.get(0))));
            regions = kind.equals("pooled") ? 1 : first.regions();
            width = (int) (kind.equals("pooled") ? first.pooled().size(1) : first.gridRows().length());
        }
        Manifest layout = new Manifest(images.size(), width, regions, dtype.label(), SHARD_ROWS, key, null);
        return open(folder, layout, source, log);
    }

    /**
     * The store in {@code folder} with this layout: read as it is when whole, else completed or
     * rebuilt from {@code source} first (shards already whole are kept).
     */
    public static FeatureRows open(Path folder, Manifest layout, Source source, PrintWriter log) throws IOException {
        Files.createDirectories(folder);
        Optional<Manifest> written = readManifest(folder);
        boolean whole = written.isPresent() && written.get().sameLayout(layout);
        if (written.isPresent() && !whole) {
            log.printf("features: store %s has another layout, rebuilding%n", folder);
            Files.delete(folder.resolve(MANIFEST));
            deleteShards(folder, -1);
        }
        deleteTemporaryFiles(folder);
        List<String> names = new ArrayList<>();
        int kept = 0;
        long start = System.nanoTime();
        for (int s = 0; s < layout.shardCount(); s++) {
            Optional<String> good = verifiedShard(folder, layout, s);
            if (good.isPresent() && (!whole || written.get().shards().get(s).equals(good.get()))) {
                names.add(good.get());
                kept++;
                continue;
            }
            if (whole) {
                log.printf("features: store %s has a damaged or missing shard %d, rebuilding it%n", folder, s);
                whole = false;
            }
            Files.deleteIfExists(folder.resolve(MANIFEST));
            deleteShards(folder, s);
            names.add(writeShard(folder, layout, s, source));
            log.printf("features: shard %d/%d of %s written%n", s + 1, layout.shardCount(), folder.getFileName());
            log.flush();
        }
        if (whole) {
            log.printf("features: read %d rows from cache %s%n", layout.rows(), folder);
        } else {
            Manifest complete = new Manifest(layout.rows(), layout.width(), layout.regions(), layout.dtype(),
                    layout.shardRows(), layout.key(), names);
            AtomicFiles.writeString(folder.resolve(MANIFEST), Json.MAPPER.writeValueAsString(complete));
            log.printf(Locale.ROOT, "features: extracted %d rows into %s in %.1f s (%d shards kept, %d written)%n",
                    layout.rows(), folder, (System.nanoTime() - start) / 1e9, kept, layout.shardCount() - kept);
        }
        log.flush();
        return new StoredRows(folder, layout, names);
    }

    /** The manifest of a whole store, or empty when there is none or it does not read. */
    static Optional<Manifest> readManifest(Path folder) {
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Manifest m = Json.MAPPER.readValue(file.toFile(), Manifest.class);
            Dtype.parse(m.dtype());
            return m.shards() == null || m.shards().size() != m.shardCount() ? Optional.empty() : Optional.of(m);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The shard's file when its size and CRC are right. */
    private static Optional<String> verifiedShard(Path folder, Manifest layout, int shard) throws IOException {
        for (String name : shardFiles(folder, shard)) {
            Matcher m = SHARD.matcher(name);
            Path file = folder.resolve(name);
            if (m.matches() && Files.size(file) == layout.shardBytes(shard)
                    && crc(file) == Long.parseLong(m.group(2), 16)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static List<String> shardFiles(Path folder, int shard) throws IOException {
        String prefix = String.format(Locale.ROOT, "shard-%05d", shard);
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> shard < 0 ? n.startsWith("shard-") : n.startsWith(prefix)).sorted().toList();
        }
    }

    /** Deletes shard {@code shard}'s files, or every shard's with -1. */
    private static void deleteShards(Path folder, int shard) throws IOException {
        for (String name : shardFiles(folder, shard)) {
            Files.deleteIfExists(folder.resolve(name));
        }
    }

    /** What an interrupted atomic write left behind. */
    private static void deleteTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    /** Writes shard {@code shard} atomically, then names it by its CRC. */
    private static String writeShard(Path folder, Manifest layout, int shard, Source source) throws IOException {
        Dtype dtype = Dtype.parse(layout.dtype());
        int from = shard * layout.shardRows();
        int to = Math.min(layout.rows(), from + layout.shardRows());
        CRC32 crc = new CRC32();
        Path unnamed = folder.resolve(String.format(Locale.ROOT, "shard-%05d.bin", shard));
        AtomicFiles.write(unnamed, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            for (int b = from; b < to; b += ENCODE_BATCH) {
                int end = Math.min(to, b + ENCODE_BATCH);
                INDArray rows = source.rows(b, end);
                if (rows.rank() != 2 || rows.size(0) != end - b || rows.size(1) != layout.width()) {
                    throw new IOException("feature rows " + b + ".." + end + " have shape "
                            + java.util.Arrays.toString(rows.shape()) + ", the store width " + layout.width());
                }
                byte[] bytes = encode(rows.dup('c').data().asFloat(), (int) rows.length(), dtype);
                crc.update(bytes);
                out.write(bytes);
            }
            out.flush();
        });
        String name = String.format(Locale.ROOT, "shard-%05d-%08x.bin", shard, crc.getValue());
        Files.move(unnamed, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    static byte[] encode(float[] values, int length, Dtype dtype) {
        ByteBuffer out = ByteBuffer.allocate(length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == Dtype.FLOAT32) {
            out.asFloatBuffer().put(values, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                out.putShort(Float16.fromFloat(values[i]));
            }
        }
        return out.array();
    }

    /** Rows read from a whole store's shards with positional reads: only the rows asked for are read. */
    static final class StoredRows implements FeatureRows {
        private final Manifest layout;
        private final Dtype dtype;
        private final FileChannel[] shards;
        private final AtomicLong bytesRead = new AtomicLong();

        StoredRows(Path folder, Manifest layout, List<String> names) throws IOException {
            this.layout = layout;
            this.dtype = Dtype.parse(layout.dtype());
            this.shards = new FileChannel[names.size()];
            for (int s = 0; s < names.size(); s++) {
                shards[s] = FileChannel.open(folder.resolve(names.get(s)), StandardOpenOption.READ);
            }
        }

        @Override
        public int count() {
            return layout.rows();
        }

        @Override
        public int width() {
            return layout.width();
        }

        @Override
        public int regions() {
            return layout.regions();
        }

        /** Bytes read from the shards so far. */
        long bytesRead() {
            return bytesRead.get();
        }

        @Override
        public INDArray rows(int[] indices) {
            int width = layout.width();
            float[] out = new float[indices.length * width];
            ByteBuffer row = ByteBuffer.allocate(width * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
            try {
                for (int k = 0; k < indices.length; k++) {
                    int i = indices[k];
                    if (i < 0 || i >= layout.rows()) {
                        throw new IndexOutOfBoundsException("row " + i + " of " + layout.rows());
                    }
                    FileChannel channel = shards[i / layout.shardRows()];
                    long position = (long) (i % layout.shardRows()) * row.capacity();
                    row.clear();
                    while (row.hasRemaining()) {
                        if (channel.read(row, position + row.position()) < 0) {
                            throw new IOException("a shard ended early at row " + i);
                        }
                    }
                    row.flip();
                    if (dtype == Dtype.FLOAT32) {
                        row.asFloatBuffer().get(out, k * width, width);
                    } else {
                        for (int c = 0; c < width; c++) {
                            out[k * width + c] = Float16.toFloat(row.getShort(2 * c));
                        }
                    }
                    bytesRead.addAndGet(row.capacity());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Nd4j.create(out, new long[] {indices.length, width}, 'c');
        }

        @Override
        public void close() {
            for (FileChannel c : shards) {
                try {
                    c.close();
                } catch (IOException e) {
                    // Read-only: nothing is lost.
                }
            }
        }
    }

    /**
     * Raise when {@code ImageDecoder} or {@code ImagePreprocessor} change what an image file's bytes
     * become: the key covers the encoder's preprocessing settings and each image's bytes, not that code.
     */
    private static final int DECODING_VERSION = 1;

    /**
     * The store's key: the encoder (parameters, configuration, and its description, which holds the
     * preprocessing: input size, channel order, mean, scale, and the pooling) and the bytes of every
     * image in order. Bytes rather than paths, sizes or times: a dataset regenerated at the same
     * paths, or restored with its old times ({@code cp -p}, {@code tar}, {@code unzip}), is another
     * store, and a copy elsewhere is the same one. Hashing a Flickr8k photo from the page cache takes
     * 0.03-0.15 ms against 7-19 ms to extract its features (FeatureStoreKeyBench).
     */
    static String key(ImageEncoder encoder, List<Path> images) throws IOException {
        MessageDigest sha = sha256();
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(DECODING_VERSION).array());
        // Parameters and configuration, not the serialised zip, whose entry times differ per save.
        sha.update(encoder.graph().params().dup('c').data().asBytes());
        sha.update(encoder.graph().getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
        sha.update(encoder.descriptionBytes());
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES);
        for (Path image : images) {
            byte[] bytes = ImageDecoder.readBytes(image);
            sha.update(length.clear().putLong(bytes.length).array()); // image boundaries are part of the key
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
