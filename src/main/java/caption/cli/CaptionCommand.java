package caption.cli;

import caption.api.SearchOptions;
import caption.batch.BatchCaptioner;
import caption.batch.CocoResults;
import caption.batch.FileList;
import caption.batch.ImageFiles;
import caption.batch.ResultFormat;
import caption.batch.ResultSink;
import caption.batch.ResultWriter;
import caption.batch.Shard;
import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.api.RuntimeSettings;
import caption.kernel.Numerics;
import caption.kernel.NumericsChoice;
import caption.model.ModelRegistry;
import caption.video.CueFormat;
import caption.video.FrameSampler;
import caption.video.SceneChangeDetector;
import caption.video.VideoCaptioner;
import caption.video.VideoRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption IMAGE|FOLDER...}: prints a caption for each image; the other actions are subcommands. */
@Command(name = "caption", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {"Describes images in a sentence. With no subcommand, captions the IMAGE files and the "
                + "images in each FOLDER.",
            "One image: the caption alone. Several, or a folder: path<TAB>caption lines (a failure as "
                + "path<TAB><TAB>reason), JSON lines or CSV, each written as soon as it is made, in path order, "
                + "and a summary on stderr. Exit status 0 when every image was captioned, 1 when any failed, "
                + "2 for bad usage.",
            "Videos (mp4 m4v mov mkv webm avi; GIF too with --every or --scenes): timed captions as SRT, WebVTT "
                + "or JSON lines, one cue per stretch of equal captions."},
        subcommands = {TrainCommand.class, EvalCommand.class, ScoreCommand.class, DatasetCommand.class,
            EnsembleCommand.class, RepackCommand.class, MemoryCommand.class,
            PretrainEncoderCommand.class, BenchCommand.class, ServeCommand.class})
public final class CaptionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE|FOLDER", arity = "0..*", description = "Image files and folders to caption.")
    List<Path> inputs = new ArrayList<>();

    /** Every command's {@code --numerics}: which implementation of the arithmetic runs, chosen before any runs. */
    @Option(names = "--numerics", paramLabel = "auto|cpu|nd4j", scope = ScopeType.INHERIT,
            description = "The arithmetic's implementation: cpu (Vector API kernels; ND4J's CPU backend), nd4j "
                    + "(ND4J's operations alone; any backend) or auto (default: cpu where it runs).")
    void numerics(String value) {
        try {
            NumericsChoice.choose(value);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--numerics: " + e.getMessage());
        }
        System.setProperty(Numerics.PROPERTY, value);
    }

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL,
            description = "Model file, or the name of a bundled model (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    SearchOptions searchOptions;

    @Option(names = "--json", description = "Same as --format jsonl: image, caption, score, log_prob, n_best (or error).")
    boolean json;

    @Option(names = "--format", paramLabel = "tsv|jsonl|csv|coco|srt|vtt", description = "Output format of results: "
            + "tsv, jsonl, csv or coco (a COCO results file of image_id and caption, with --annotations) for images; "
            + "srt (default), vtt or jsonl for videos.")
    String format;

    @Option(names = "--annotations", paramLabel = "FILE", description = "With --format coco: the COCO annotations "
            + "file whose images (id, file_name) give each image its id.")
    Path annotations;

    @Option(names = "--files-from", paramLabel = "LIST", description = "Also caption the paths in LIST, one a line "
            + "(- for standard input).")
    String filesFrom;

    @Option(names = "--shard", paramLabel = "K/N", description = "Caption only shard K of N (1 <= K <= N): the "
            + "images whose path hashes to it, so N machines can share one input.")
    String shard;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write results to FILE instead of stdout.")
    Path output;

    @Option(names = "--resume", description = "Skip the images already captioned in --output and append to it.")
    boolean resume;

    @Option(names = {"-r", "--recursive"}, description = "Also caption the images in sub-folders.")
    boolean recursive;

    @Option(names = "--include", paramLabel = "GLOB", description = "File names to caption in folders "
            + "(repeatable; default: the image extensions jpg jpeg png gif bmp webp tif tiff).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "File names or paths to leave out (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--threads", converter = PositiveInteger.class, description = "Decoding threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--batch-size", defaultValue = "16", converter = PositiveInteger.class, description = "Images per model batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-pixels", defaultValue = "50000000",
            description = "Refuse larger images, from their header (default ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--attention-map", paramLabel = "OUT.png", description = "With an attention model: draw where it "
            + "looked for each word, one panel per word, into OUT.png (one image) or into the folder OUT, one PNG per image.")
    Path attentionMap;

    @Option(names = "--lstm-trace", description = "With --json: add each caption's LSTM trace (per word: hidden "
            + "state, cell, input/forget/output gates, the five most probable next words).")
    boolean lstmTrace;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Videos: caption a frame every DURATION (2s, 500ms, 1.5s, 1m; the default is 2s).")
    Long everyMicros;

    @Option(names = "--scenes", description = "Videos: caption the first frame and each scene change instead.")
    boolean scenes;

    @Option(names = "--live", paramLabel = "SOURCE", description = "Caption a live stream as it arrives: - (standard "
            + "input: MPEG-TS, Matroska, MJPEG), a URL (udp, rtp, rtsp, srt, http, tcp) or a camera /dev/videoN. Prints "
            + "time<TAB>caption (or --format jsonl) when the caption changes; --scenes (the default) or --every.")
    String live;

    @Option(names = "--reconnect", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "With --live: how long to keep reopening a network stream that dropped, after 1, 2, 4, 8, "
                    + "16 s (default ${DEFAULT-VALUE}); then exit 1.")
    long reconnectMicros;

    /** Where {@code --live -} reads; tests hand in a pipe. */
    java.io.InputStream stdin = System.in;

    @Option(names = "--verbose", description = "Show stack traces of errors, and which numerics and ND4J backend run.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            spec.commandLine().getErr().println("caption: numerics " + Numerics.current().name() + " on ND4J's "
                    + Numerics.backendName());
        }
        if (live != null) {
            return new LiveRun(this).run();
        }
        Shard only = shard();
        boolean coco = "coco".equalsIgnoreCase(format);
        Map<String, Long> cocoIds = coco ? cocoIds() : null;
        if (annotations != null && !coco) {
            throw new ParameterException(spec.commandLine(), "--annotations goes with --format coco");
        }
        if (filesFrom != null) {
            try {
                inputs.addAll(FileList.read(filesFrom, System.in));
            } catch (java.io.IOException e) {
                throw new ParameterException(spec.commandLine(), "--files-from " + filesFrom + ": " + e.getMessage());
            }
        }
        if (inputs.isEmpty()) {
            if (filesFrom != null) {
                throw new ParameterException(spec.commandLine(), "--files-from " + filesFrom + " lists no paths");
            }
            spec.commandLine().usage(spec.commandLine().getErr());
            return Cli.USAGE;
        }
        if (everyMicros != null || scenes || inputs.stream().anyMatch(p -> !Files.isDirectory(p) && VideoRun.isVideo(p, false))) {
            return captionVideos();
        }
        ResultFormat resultFormat = coco ? ResultFormat.TSV : resultFormat();
        if (resume && output == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs --output FILE");
        }
        if (resume && coco) {
            throw new ParameterException(spec.commandLine(), "--resume cannot append to a COCO results file (one JSON array)");
        }
        requireOutputFolder();
        if (lstmTrace && resultFormat != ResultFormat.JSONL) {
            throw new ParameterException(spec.commandLine(), "--lstm-trace needs JSON lines output (--json)");
        }
        Captioner captioner = Captioner.load(model, RuntimeSettings.fromEnvironment());
        if (attentionMap != null && !captioner.info().attends()) {
            throw new ParameterException(spec.commandLine(), "--attention-map needs a model with attention; "
                    + model + " has a " + captioner.info().decoder() + " decoder");
        }
        BatchCaptioner batch = captioner.batch(options(captioner, attentionMap != null || resultFormat == ResultFormat.JSONL),
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        ImageFiles files = new ImageFiles(inputs, recursive, includes.isEmpty() ? ImageFiles.DEFAULT_INCLUDES : includes,
                excludes);
        if (only != null) {
            files = files.only(only);
        }
        boolean single = inputs.size() == 1 && !Files.isDirectory(inputs.get(0)) && only == null && filesFrom == null;
        AttentionMapWriter maps = attentionMap == null ? null : new AttentionMapWriter(attentionMap, single);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> done = resume ? ResultSink.captionedImages(resultFormat, output) : Set.of();
        try (ResultWriter sink = coco ? openCoco(cocoIds, out) : openSink(resultFormat, out);
                Progress progress = Progress.start(err, files, single)) {
            BatchCaptioner.Summary summary = batch.run(files, done, result -> {
                if (!result.ok()) {
                    progress.message(result.error());
                } else if (maps != null) {
                    maps.write(result).ifPresent(progress::message);
                }
                if (single && format == null && !json && output == null) {
                    if (result.ok()) {
                        out.println(result.text());
                        out.flush();
                    }
                } else {
                    sink.write(result);
                }
                progress.step();
            });
            List<String> leftOut = sink instanceof CocoResults c ? c.problems() : List.of();
            leftOut.forEach(progress::message);
            if (!single) {
                progress.message(String.format(Locale.ROOT, "captioned %d, failed %d, skipped %d in %.1f s (%.1f images/s)",
                        summary.captioned(), summary.failed(), summary.skipped(), summary.seconds(),
                        summary.imagesPerSecond()));
            }
            return summary.failed() == 0 && leftOut.isEmpty() && (maps == null || maps.failures() == 0) ? Cli.OK : Cli.FAILED;
        }
    }

    /** Videos: every input is read as a video; folders give their video files. */
    private int captionVideos() throws Exception {
        if (everyMicros != null && scenes) {
            throw new ParameterException(spec.commandLine(), "--every and --scenes exclude each other");
        }
        if (resume || attentionMap != null) {
            throw new ParameterException(spec.commandLine(), (resume ? "--resume" : "--attention-map") + " is not for videos");
        }
        CueFormat cueFormat;
        try {
            cueFormat = format != null ? CueFormat.parse(format) : json ? CueFormat.JSONL : CueFormat.SRT;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format for videos must be srt, vtt or jsonl, not " + format);
        }
        boolean single = inputs.size() == 1 && !Files.isDirectory(inputs.get(0));
        if (!single && !cueFormat.holdsManyVideos() && output != null && !Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "--output for several videos in " + cueFormat.extension()
                    + " must be a folder (one file per video)");
        }
        requireOutputFolder();
        Captioner captioner = Captioner.load(model, RuntimeSettings.fromEnvironment());
        long every = everyMicros != null ? everyMicros : 2_000_000L;
        VideoCaptioner videos = new VideoCaptioner(captioner, options(captioner, false), () -> scenes
                ? FrameSampler.scenes(SceneChangeDetector.DEFAULT_THRESHOLD) : FrameSampler.every(every));
        boolean gif = everyMicros != null || scenes;
        ImageFiles files = new ImageFiles(inputs, recursive, includes.isEmpty() ? VideoRun.includes(gif) : includes, excludes);
        VideoRun.Summary summary = new VideoRun(videos, cueFormat, output).run(files, single, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return summary.failed() == 0 ? Cli.OK : Cli.FAILED;
    }

    private ResultFormat resultFormat() {
        if (format == null) {
            return json ? ResultFormat.JSONL : ResultFormat.TSV;
        }
        try {
            return ResultFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format must be tsv, jsonl, csv or coco, not " + format);
        }
    }

    private Shard shard() {
        try {
            return shard == null ? null : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
    }

    private Map<String, Long> cocoIds() {
        if (annotations == null) {
            throw new ParameterException(spec.commandLine(), "--format coco needs --annotations FILE (COCO annotations "
                    + "whose images give the ids)");
        }
        try {
            return CocoResults.imageIds(annotations);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--annotations " + annotations + ": " + e.getMessage());
        }
    }

    private ResultWriter openCoco(Map<String, Long> ids, PrintWriter out) throws java.io.IOException {
        return output != null ? CocoResults.create(ids, output) : CocoResults.to(ids, out);
    }

    private ResultSink openSink(ResultFormat resultFormat, PrintWriter out) throws java.io.IOException {
        if (output != null) {
            return resume ? ResultSink.append(resultFormat, output) : ResultSink.create(resultFormat, output);
        }
        return ResultSink.to(resultFormat, out);
    }

    /** The search and batch options given, the model's own search where none is; a contradiction is bad usage. */
    CaptionOptions options(Captioner captioner, boolean attention) {
        CaptionOptions options = searchOptions.build(CaptionOptions.builder().batchSize(batchSize).maxPixels(maxPixels)
                .attention(attention).lstm(lstmTrace));
        try {
            captioner.search(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return options;
    }

    /** Bad usage, not a failure after captioning: -o into a folder that does not exist. */
    private void requireOutputFolder() {
        Path parent = output == null ? null : output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "--output " + output + ": folder " + parent
                    + (Files.exists(parent) ? " is not a folder" : " does not exist"));
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new CaptionCommand(), args));
    }
}
