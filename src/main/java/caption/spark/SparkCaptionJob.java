package caption.spark;

import static org.apache.spark.sql.functions.col;

import caption.api.CaptionException;
import caption.api.CaptionOptions;
import caption.api.SearchOptions;
import caption.batch.ImageFiles;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spark-submit --class caption.spark.SparkCaptionJob caption-spark.jar --input PATHS --output DIR}:
 * captions every image under the inputs (any Hadoop file system) and writes one row per image,
 * {@code path, caption, score, error}, as Parquet or JSON lines. A bad image is a row with an
 * error; {@code --resume} skips the paths the output already holds and appends the rest.
 */
@Command(name = "caption-spark", mixinStandardHelpOptions = true,
        description = {"Captions the images under PATHS on Spark: one row per image (path, caption, score, error) "
                + "in DIR. Exit status 0 when the job ran (failed images are rows with an error), 1 when it "
                + "failed, 2 for bad usage."})
public final class SparkCaptionJob implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** Larger files are error rows, never read into a task's memory. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;

    /** The output's format. */
    public enum Format {
        PARQUET("parquet"), JSONL("json");

        final String source;

        Format(String source) {
            this.source = source;
        }
    }

    /** What a run did; {@code before} is the number of rows the output held already. */
    public record Summary(long captioned, long failed, long before, double seconds) {
        public double imagesPerSecond() {
            return seconds > 0 ? (captioned + failed) / seconds : 0;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATHS",
            description = "Image files and folders, any Hadoop file system (file:, hdfs:, s3a:); comma-separated or repeated.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output folder.")
    String output;

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL,
            description = "Model file (any Hadoop file system) or bundled model name (default ${DEFAULT-VALUE}); "
                    + "shipped to each executor and loaded once per executor JVM.")
    String model;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|jsonl",
            description = "Output format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--resume", description = "Skip the paths DIR already holds and append the others.")
    boolean resume;

    @Option(names = "--master", description = "Spark master URL, e.g. local[4] (default: spark-submit's).")
    String master;

    @Option(names = {"-r", "--recursive"}, description = "Also caption the images in sub-folders.")
    boolean recursive;

    @Option(names = "--include", paramLabel = "GLOB", description = "File names to caption (default: the image extensions).")
    String include = ImageFiles.DEFAULT_INCLUDES.get(0);

    @Mixin
    SearchOptions searchOptions;

    @Option(names = "--batch-size", defaultValue = "16", description = "Images per model batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-pixels", defaultValue = "50000000", description = "Refuse larger images, from their header.")
    long maxPixels;

    @Option(names = "--max-file-bytes", defaultValue = "" + DEFAULT_MAX_FILE_BYTES,
            description = "Larger files are error rows, never read (default ${DEFAULT-VALUE}).")
    long maxFileBytes;

    @Option(names = "--encoder-weights", paramLabel = "FILE", description = "The ImageNet encoder weights, shipped to "
            + "the executors (default: CAPTION_ENCODER_WEIGHTS where set, else each executor's cache).")
    String encoderWeights = System.getenv("CAPTION_ENCODER_WEIGHTS");

    /** The search and batch options, checked together by {@link #check}. */
    private CaptionOptions options;

    private SparkCaptionJob() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the job in a session of its own; the exit status. */
    public static int execute(String... args) {
        return commandLine(null).execute(args);
    }

    /** Runs the job in an existing session (left open); bad arguments throw {@link ParameterException}. */
    public static Summary run(SparkSession spark, String... args) throws IOException, CaptionException {
        SparkCaptionJob job = new SparkCaptionJob();
        commandLine(job).parseArgs(args);
        job.check();
        return job.run(spark, new PrintWriter(System.err, true));
    }

    private static CommandLine commandLine(SparkCaptionJob job) {
        CommandLine cl = new CommandLine(job == null ? new SparkCaptionJob() : job);
        cl.setExitCodeExceptionMapper(e -> FAILED);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("caption-spark: " + e.getMessage());
            e.getCommandLine().getErr().println("Try --help.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, parsed, result) -> {
            if (e instanceof ParameterException p) {
                return parsed.getParameterExceptionHandler().handleParseException(p, new String[0]);
            }
            parsed.getErr().println("caption-spark: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        check();
        long start = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder().appName("caption");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "caption-spark: Spark %s started in %.1f s%n", spark.version(), (System.nanoTime() - start) / 1e9);
        try {
            run(spark, err);
            return OK;
        } finally {
            spark.stop();
        }
    }

    private void check() {
        CommandLine cl = spec != null ? spec.commandLine() : new CommandLine(this);
        try {
            Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--format must be parquet or jsonl, not " + format);
        }
        if (batchSize < 1 || maxPixels < 1 || maxFileBytes < 1) {
            throw new ParameterException(cl, "--batch-size, --max-pixels and --max-file-bytes must be at least 1");
        }
        options = searchOptions.build(CaptionOptions.builder().batchSize(batchSize).maxPixels(maxPixels));
        SearchSettings own = localModelSearch();
        if (own != null) {
            try {
                options.search(own); // a contradiction is bad usage here, not an error row per image
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, e.getMessage());
            }
        }
    }

    /** The model's own search when the model is on this machine; null when it is elsewhere or unreadable here. */
    private SearchSettings localModelSearch() {
        if (model.contains("://")) {
            return null;
        }
        try {
            return ModelFile.search(ModelRegistry.resolve(model));
        } catch (IOException | RuntimeException e) {
            return null; // shipping the model reports it
        }
    }

    private Summary run(SparkSession spark, PrintWriter err) throws IOException, CaptionException {
        long start = System.nanoTime();
        SparkContext sc = spark.sparkContext();
        Format out = Format.valueOf(format.toUpperCase(Locale.ROOT));
        org.apache.hadoop.fs.Path outputPath = new org.apache.hadoop.fs.Path(output);
        FileSystem fs = outputPath.getFileSystem(sc.hadoopConfiguration());
        boolean exists = fs.exists(outputPath);
        if (exists && !resume) {
            throw new ParameterException(new CommandLine(this), "--output " + output
                    + " exists: add --resume to go on with it, or choose another folder");
        }
        // task outputs become visible as each task commits, so an interrupted job can be resumed
        if (sc.hadoopConfiguration().get("mapreduce.fileoutputcommitter.algorithm.version") == null) {
            sc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.algorithm.version", "2");
        }

        CaptionPartition.Settings settings = new CaptionPartition.Settings(ship(sc, model, true), true,
                encoderWeights == null || encoderWeights.isBlank() ? null : ship(sc, encoderWeights, false), options);

        Dataset<Row> files = spark.read().format("binaryFile")
                .option("pathGlobFilter", include)
                .option("recursiveFileLookup", Boolean.toString(recursive))
                .load(inputs.toArray(String[]::new));
        long before = 0;
        if (exists) {
            Dataset<Row> done = spark.read().schema(CaptionRows.SCHEMA).format(out.source).load(output)
                    .select(col(CaptionRows.PATH).as("done_path")).distinct();
            before = done.count();
            files = files.join(done, files.col("path").equalTo(done.col("done_path")), "left_anti");
        }
        LongAccumulator captioned = sc.longAccumulator("captioned");
        LongAccumulator failed = sc.longAccumulator("failed");
        Column small = col("length").leq(maxFileBytes);
        long limit = maxFileBytes;
        Dataset<Row> captions = files.filter(small).select("path", "content")
                .mapPartitions(new CaptionPartition(settings, captioned, failed), Encoders.row(CaptionRows.SCHEMA));
        Dataset<Row> tooLarge = files.filter(small.unary_$bang()).select("path", "length")
                .map((MapFunction<Row, Row>) r -> {
                    failed.add(1);
                    return CaptionRows.failed(r.getString(0), CaptionPartition.tooLarge(r.getString(0), r.getLong(1), limit));
                }, Encoders.row(CaptionRows.SCHEMA));
        captions.union(tooLarge).write()
                .mode(exists ? SaveMode.Append : SaveMode.ErrorIfExists)
                .option("ignoreNullFields", "false")
                .format(out.source)
                .save(output);
        Summary summary = new Summary(captioned.value(), failed.value(), before, (System.nanoTime() - start) / 1e9);
        err.printf(Locale.ROOT, "caption-spark: captioned %d, failed %d%s in %.1f s (%.1f images/s) into %s%n",
                summary.captioned(), summary.failed(), exists ? ", " + before + " already in the output" : "",
                summary.seconds(), summary.imagesPerSecond(), output);
        return summary;
    }

    /**
     * Ships a file to every executor ({@code SparkContext.addFile}) and returns the name executors
     * find it by. A model may be a bundled model's name, resolved here on the driver.
     */
    private static String ship(SparkContext sc, String file, boolean isModel) throws CaptionException {
        String uri;
        if (file.contains("://")) {
            uri = file;
        } else {
            Path local;
            try {
                local = isModel ? ModelRegistry.resolve(file) : Path.of(file);
            } catch (IOException e) {
                throw new CaptionException(e.getMessage());
            }
            if (!local.toFile().isFile()) {
                throw new CaptionException(file + ": no such file");
            }
            uri = local.toAbsolutePath().toUri().toString();
        }
        String name = Path.of(URI.create(uri).getPath()).getFileName().toString();
        try {
            sc.addFile(uri);
        } catch (IllegalArgumentException e) {
            // a file of that name is already shipped to this SparkSession (a second job in one SparkSession)
        }
        return name;
    }
}
