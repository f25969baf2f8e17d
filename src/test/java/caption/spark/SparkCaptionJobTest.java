package caption.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.cli.CaptionCommand;
import caption.cli.Cli;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/**
 * The Spark job on local[2] against the CLI's folder run: 200 generated scenes and bad files give
 * the same captions, error rows for the bad ones, and --resume captions nothing twice. One
 * session for the class. Empty files are the one difference: Spark's file sources never list them.
 */
class SparkCaptionJobTest {

    /** The bundled shapes model: it needs nothing from outside the repository. */
    private static final String MODEL = "pretrained/shapes-show-tell.zip";
    /** Spark's file index leaves out empty files: empty.png has no row (the folder run fails it). */
    private static final Map<String, String> BAD = Map.of(
            "truncated.png", "truncated or corrupt",
            "text.jpg", "not a decodable image",
            "noise.jpg", "");

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path images;
    /** File name to the CLI's JSON record for it. */
    private static Map<String, JsonNode> folderRun;

    @BeforeAll
    static void scenesAndFolderRun() throws IOException {
        assertEquals(Cli.OK, Cli.execute(new CaptionCommand(), "dataset", "shapes", "--out",
                dir.resolve("scenes").toString(), "--count", "200", "--seed", "7"));
        images = dir.resolve("scenes/images");
        Files.write(images.resolve("empty.png"), new byte[0]);
        byte[] png = Files.readAllBytes(images.resolve("000000.png"));
        Files.write(images.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(images.resolve("text.jpg"), "this is not an image\n");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(images.resolve("noise.jpg"), noise);
        Path results = dir.resolve("folder-run.jsonl");
        assertEquals(Cli.FAILED, Cli.execute(new CaptionCommand(), "--model", MODEL, images.toString(),
                "--format", "jsonl", "-o", results.toString()));
        folderRun = new HashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode node = Json.MAPPER.readTree(line);
            folderRun.put(Path.of(node.get("image").asText()).getFileName().toString(), node);
        }
        assertEquals(204, folderRun.size());
        spark = SparkSession.builder().master("local[2]").appName("caption-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void givesTheFolderRunsCaptionsAndErrorRows() throws IOException {
        Path out = dir.resolve("out-jsonl");
        SparkCaptionJob.Summary summary = SparkCaptionJob.run(spark, "--input", images.toString(), "--output",
                out.toString(), "--model", MODEL, "--format", "jsonl");
        assertEquals(200, summary.captioned());
        assertEquals(BAD.size(), summary.failed());
        Map<String, JsonNode> rows = jsonRows(out);
        assertEquals(203, rows.size());
        assertTrue(!rows.containsKey("empty.png") && folderRun.get("empty.png").has("error"));
        for (var e : rows.entrySet()) {
            JsonNode row = e.getValue();
            assertEquals(List.of("path", "caption", "score", "error"), fieldNames(row), "every field, null or not");
            assertTrue(row.get("path").asText().startsWith("file:"), row.toString());
            JsonNode cli = folderRun.get(e.getKey());
            if (BAD.containsKey(e.getKey())) {
                assertTrue(row.get("caption").isNull() && row.get("score").isNull(), row.toString());
                assertTrue(row.get("error").asText().contains(BAD.get(e.getKey())), row.toString());
                assertNotNull(cli.get("error"), "the CLI fails it too: " + cli);
            } else {
                assertEquals(cli.get("caption").asText(), row.get("caption").asText(), e.getKey());
                assertEquals(cli.get("score").asDouble(), row.get("score").asDouble(), 1e-4, e.getKey());
                assertTrue(row.get("error").isNull(), row.toString());
            }
        }
    }

    @Test
    void resumeCaptionsNothingTwice() throws IOException {
        Path some = Files.createDirectories(dir.resolve("some"));
        for (int i = 0; i < 40; i++) {
            String name = String.format("%06d.png", i);
            Files.copy(images.resolve(name), some.resolve(name));
        }
        Path out = dir.resolve("out-parquet");
        String[] args = {"--input", some.toString(), "--output", out.toString(), "--model", MODEL};
        assertEquals(40, SparkCaptionJob.run(spark, args).captioned());
        for (int i = 40; i < 60; i++) {
            String name = String.format("%06d.png", i);
            Files.copy(images.resolve(name), some.resolve(name));
        }
        Files.copy(images.resolve("text.jpg"), some.resolve("text.jpg"));
        assertThrows(ParameterException.class, () -> SparkCaptionJob.run(spark, args), "an existing output needs --resume");

        String[] resume = Stream.concat(Arrays.stream(args), Stream.of("--resume")).toArray(String[]::new);
        SparkCaptionJob.Summary second = SparkCaptionJob.run(spark, resume);
        assertEquals(20, second.captioned());
        assertEquals(1, second.failed());
        assertEquals(40, second.before());
        SparkCaptionJob.Summary third = SparkCaptionJob.run(spark, resume);
        assertEquals(0, third.captioned() + third.failed());
        assertEquals(61, third.before());

        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(61, rows.size());
        assertEquals(61, rows.stream().map(r -> r.getString(0)).distinct().count(), "each path once");
        for (Row r : rows) {
            String name = Path.of(r.getString(0).substring("file:".length())).getFileName().toString();
            if (name.equals("text.jpg")) {
                assertNull(r.get(1));
                assertTrue(r.getString(3).contains("not a decodable image"), r.toString());
            } else {
                assertEquals(folderRun.get(name).get("caption").asText(), r.getString(1), name);
            }
        }
        assertEquals(1, ExecutorCaptioners.loads(), "one model per JVM, whatever the tasks and jobs");
    }

    @Test
    void filesOverTheByteLimitAreErrorRowsNeverRead() throws IOException {
        Path out = dir.resolve("out-large");
        SparkCaptionJob.Summary summary = SparkCaptionJob.run(spark, "--input", images.resolve("000001.png") + ","
                + images.resolve("000002.png"), "--output", out.toString(), "--model", MODEL, "--format", "jsonl",
                "--max-file-bytes", "10");
        assertEquals(0, summary.captioned());
        assertEquals(2, summary.failed());
        for (JsonNode row : jsonRows(out).values()) {
            assertTrue(row.get("error").asText().contains("over the limit of 10 bytes"), row.toString());
        }
    }

    @Test
    void badValuesAreUsageErrors() {
        String[] common = {"--input", images.toString(), "--output", dir.resolve("never").toString()};
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute(concat(common, "--format", "xml")));
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute(concat(common, "--batch-size", "0")));
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute(concat(common, "--beam", "0")));
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute(concat(common, "--method", "greedy", "--beam", "3")));
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute(concat(common, "--model", "shapes", "--min-length", "30")));
        assertEquals(SparkCaptionJob.USAGE, SparkCaptionJob.execute("--output", "x"));
        assertTrue(Files.notExists(dir.resolve("never")));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    private static Map<String, JsonNode> jsonRows(Path out) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    JsonNode node = Json.MAPPER.readTree(line);
                    String name = Path.of(node.get("path").asText().substring("file:".length())).getFileName().toString();
                    assertNull(rows.put(name, node), "one row per image: " + name);
                }
            }
        }
        return rows;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
