package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class FeatureStoreTest {

    private static final int ROWS = 23;
    private static final int WIDTH = 12;
    private static final int SHARD_ROWS = 5;

    @TempDir
    Path dir;

    private final INDArray all = Nd4j.rand(DataType.FLOAT, ROWS, WIDTH).subi(0.5).muli(40);
    private final AtomicInteger rowsEncoded = new AtomicInteger();
    private final StringWriter log = new StringWriter();

    private FeatureStore.Source source() {
        return (from, to) -> {
            rowsEncoded.addAndGet(to - from);
            return all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        };
    }

    private static FeatureStore.Manifest layout(FeatureStore.Dtype dtype) {
        return new FeatureStore.Manifest(ROWS, WIDTH, 3, dtype.label(), SHARD_ROWS, "k", null);
    }

    private FeatureRows open(FeatureStore.Source source) throws IOException {
        return FeatureStore.open(dir, layout(FeatureStore.Dtype.FLOAT32), source, new PrintWriter(log, true));
    }

    private List<Path> shards() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("shard-")).sorted().toList();
        }
    }

    @Test
    void rowsReadBackExactlyInAnyOrderAndTheSecondOpenEncodesNothing() throws IOException {
        try (FeatureRows rows = open(source())) {
            assertEquals(ROWS, rows.count());
            assertEquals(WIDTH, rows.width());
            assertEquals(3, rows.regions());
            int[] picks = {22, 0, 7, 7, 14, 5};
            assertEquals(Nd4j.pullRows(all, 1, picks), rows.rows(picks));
            assertEquals(all, rows.range(0, ROWS));
        }
        assertEquals(ROWS, rowsEncoded.get());
        assertEquals(5, shards().size());
        assertTrue(Files.isRegularFile(dir.resolve(FeatureStore.MANIFEST)));
        try (FeatureRows again = open(source())) {
            assertEquals(all, again.range(0, ROWS));
        }
        assertEquals(ROWS, rowsEncoded.get());
        assertTrue(log.toString().contains("from cache"), log.toString());
    }

    @Test
    void readingABatchReadsOnlyThatBatchsRows() throws IOException {
        try (FeatureRows rows = open(source())) {
            FeatureStore.StoredRows stored = (FeatureStore.StoredRows) rows;
            INDArray batch = rows.rows(new int[] {3, 19, 11});
            assertArrayEquals(new long[] {3, WIDTH}, batch.shape());
            assertEquals(3L * WIDTH * 4, stored.bytesRead());
        }
    }

    @Test
    void anInterruptedExtractionResumesAfterItsWholeShards() throws IOException {
        FeatureStore.Source failing = (from, to) -> {
            if (from >= 3 * SHARD_ROWS) {
                throw new IOException("interrupted");
            }
            return source().rows(from, to);
        };
        assertThrows(IOException.class, () -> open(failing));
        assertFalse(Files.exists(dir.resolve(FeatureStore.MANIFEST)));
        assertEquals(3, shards().size(), "shards 0 to 2 are whole; shard 3 never appears");
        rowsEncoded.set(0);
        try (FeatureRows rows = open(source())) {
            assertEquals(all, rows.range(0, ROWS));
        }
        assertEquals(ROWS - 3 * SHARD_ROWS, rowsEncoded.get());
    }

    @Test
    void aDamagedShardIsDetectedAndRebuiltNeverRead() throws IOException {
        open(source()).close();
        Path shard = shards().get(1);
        byte[] bytes = Files.readAllBytes(shard);
        bytes[17] ^= 0x40;
        Files.write(shard, bytes);
        rowsEncoded.set(0);
        try (FeatureRows rows = open(source())) {
            assertEquals(all, rows.range(0, ROWS));
        }
        assertEquals(SHARD_ROWS, rowsEncoded.get());
        assertTrue(log.toString().contains("damaged or missing shard 1"), log.toString());
    }

    @Test
    void aTruncatedShardOrAMissingManifestMeansExtractingAgain() throws IOException {
        open(source()).close();
        Path last = shards().get(4);
        Files.write(last, java.util.Arrays.copyOf(Files.readAllBytes(last), 40));
        Files.delete(dir.resolve(FeatureStore.MANIFEST));
        rowsEncoded.set(0);
        try (FeatureRows rows = open(source())) {
            assertEquals(all, rows.range(0, ROWS));
        }
        assertEquals(ROWS - 4 * SHARD_ROWS, rowsEncoded.get());
        assertFalse(log.toString().contains("from cache"), log.toString());
        Files.writeString(dir.resolve(FeatureStore.MANIFEST), "{\"rows\": 23, \"width\"");
        assertTrue(FeatureStore.readManifest(dir).isEmpty());
    }

    @Test
    void anotherLayoutRebuildsTheStore() throws IOException {
        open(source()).close();
        rowsEncoded.set(0);
        FeatureStore.Manifest wider = new FeatureStore.Manifest(ROWS, WIDTH, 3, "float32", 10, "k", null);
        FeatureStore.open(dir, wider, source(), new PrintWriter(log, true)).close();
        assertEquals(ROWS, rowsEncoded.get());
        assertEquals(3, shards().size());
    }

    @Test
    void float16StoresHalfTheBytesWithinHalfPrecision() throws IOException {
        try (FeatureRows rows = FeatureStore.open(dir, layout(FeatureStore.Dtype.FLOAT16), source(),
                new PrintWriter(log, true))) {
            INDArray back = rows.range(0, ROWS);
            INDArray error = back.sub(all).divi(Transforms.abs(all).addi(1e-3));
            assertTrue(error.amaxNumber().doubleValue() < 1e-3, "relative error " + error.amaxNumber());
        }
        assertEquals(SHARD_ROWS * WIDTH * 2, Files.size(shards().get(0)));
    }

    @Test
    void float16ConversionRoundTripsEveryHalfAndRoundsToNearest() {
        for (int h = 0; h < 65536; h++) {
            float f = Float16.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, Float16.fromFloat(f), "half " + Integer.toHexString(h));
            }
        }
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
        assertEquals((short) 0x7c00, Float16.fromFloat(1e6f));
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f), "a tie rounds to even");
        assertEquals((short) 0x3c01, Float16.fromFloat(1f + 0x1p-11f + 0x1p-20f));
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
        assertEquals(0f, Float16.toFloat(Float16.fromFloat(1e-9f)));
    }

    @Test
    void inMemoryRowsPullTheRowsAsked() {
        FeatureRows rows = FeatureRows.of(all, 3);
        assertEquals(Nd4j.pullRows(all, 1, new int[] {4, 4, 1}), rows.rows(new int[] {4, 4, 1}));
        assertEquals(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), rows.range(2, 6));
    }
}
