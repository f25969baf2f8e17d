package caption.cli;

import caption.data.CaptionDataset;
import caption.decoder.DecoderConfig;
import caption.encoder.EncoderFile;
import caption.encoder.ImageEncoder;
import caption.encoder.ImageNetEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.train.CaptionTraining;
import caption.train.TrainSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import caption.io.AtomicFiles;
import caption.io.Json;
import caption.train.Checkpoint;
import caption.train.DecoderTrainer;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption train}: trains a decoder over a frozen encoder on any dataset format the tool reads. */
@Command(name = TrainCommand.COMMAND_NAME, mixinStandardHelpOptions = true,
        description = "Trains a captioner (frozen encoder, LSTM decoder) and writes one model file.")
public final class TrainCommand implements Callable<Integer> {

    static final String COMMAND_NAME = "train";

    static final String RANDOM_ENCODER = "random";
    static final String RUN_FILE = "run.json";
    static final String IMAGENET_ENCODER = "imagenet";

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", description = "Model file to write (required unless --resume).")
    Path out;

    @Option(names = "--encoder", defaultValue = RANDOM_ENCODER, description = "Encoder file from "
            + "'caption pretrain-encoder', 'imagenet' for SqueezeNet with ImageNet weights (real photos), or "
            + "'random' for a randomly initialised SqueezeNet (default ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--encoder-weights", paramLabel = "FILE", description = "The SqueezeNet v1.1 ImageNet weights "
            + "(Keras HDF5) for --encoder imagenet; else CAPTION_ENCODER_WEIGHTS, the cache, the zoo, a download.")
    Path encoderWeights;

    @Option(names = "--pool-regions", paramLabel = "R", description = "Pool the encoder's grid over R x R regions "
            + "instead of globally (keeps where things are; the feature size grows R x R times).")
    Integer poolRegions;

    @Option(names = "--pool-max", description = "Add the grid's global maximum to the pooled vector (doubles its size).")
    boolean poolMax;

    @Option(names = "--decoder", defaultValue = DecoderConfig.SHOW_TELL, paramLabel = "show-tell|show-attend-tell",
            description = "show-tell: LSTM started from the pooled vector; show-attend-tell: soft attention over the "
                    + "encoder's grid (default ${DEFAULT-VALUE}).")
    String decoder;

    @Option(names = "--attention-size", defaultValue = "256", converter = PositiveInteger.class,
            description = "Attention layer size of show-attend-tell (default ${DEFAULT-VALUE}).")
    int attentionSize;

    @Option(names = "--attention-lambda", defaultValue = "1.0", description = "Weight of the doubly stochastic "
            + "attention regulariser, lambda * sum over positions of (1 - sum over words of alpha)^2 (default ${DEFAULT-VALUE}).")
    double attentionLambda;

    @Option(names = "--attention-positions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Give each grid position its (x, y) as two more channels, so the attended context says "
                    + "where it looked (default ${DEFAULT-VALUE}; --no-attention-positions turns it off).")
    boolean attentionPositions;

    @Option(names = "--image-size", defaultValue = "64", converter = PositiveInteger.class,
            description = "Input size of a random encoder (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--epochs", defaultValue = "10", converter = PositiveInteger.class,
            description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", converter = PositiveInteger.class,
            description = "Captions per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0.85", description = "Learning rate factor per epoch (default ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--clip", defaultValue = "5.0", description = "Gradient norm clipping (default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout on the LSTM output (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--embedding", defaultValue = "128", converter = PositiveInteger.class,
            description = "Word embedding size (default ${DEFAULT-VALUE}).")
    int embeddingSize;

    @Option(names = "--hidden", defaultValue = "256", converter = PositiveInteger.class,
            description = "LSTM size (default ${DEFAULT-VALUE}).")
    int hiddenSize;

    @Option(names = "--min-count", defaultValue = "3", converter = PositiveInteger.class,
            description = "Words seen fewer times become <unk> (default ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-length", defaultValue = "20", converter = PositiveInteger.class,
            description = "Longest caption in words (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-split", paramLabel = "NAME", description = "Validate on this split of --data each epoch "
            + "(loss, CIDEr, BLEU-4; scene accuracy for shape scenes) and keep the best epoch: by scene accuracy "
            + "for shape scenes, else by CIDEr.")
    String validationSplit;

    @Option(names = "--patience", defaultValue = "0",
            description = "Stop after N epochs without a better validation; 0 never stops early (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--val-beam", defaultValue = "3", converter = PositiveInteger.class,
            description = "Beam size of validation captions (default ${DEFAULT-VALUE}).")
    int validationBeam;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Folder for the run's log.jsonl and curves.png "
            + "(default: OUT without .zip, plus .run).")
    Path runDir;

    @Option(names = "--log-every", defaultValue = "50", converter = PositiveInteger.class,
            description = "Steps between log lines (default ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--checkpoint-every", defaultValue = "500", converter = PositiveInteger.class,
            description = "Steps between checkpoints, besides one at each epoch end (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", defaultValue = "3", converter = PositiveInteger.class,
            description = "Newest checkpoints kept (default ${DEFAULT-VALUE}).")
    int keepCheckpoints;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Go on with the interrupted run in RUN_DIR "
            + "exactly where its last good checkpoint left it (its settings come from RUN_DIR/run.json).")
    Path resume;

    @Option(names = "--config", paramLabel = "FILE.json", description = "Settings as a JSON object whose keys are "
            + "these options' long names without dashes (e.g. {\"epochs\": 20, \"learning-rate\": 0.001}); "
            + "options given on the command line win.")
    Path config;

    /** Set when resuming: the checkpoint to go on from. */
    private Checkpoint resumeFrom;

    /** For tests: called after each step. */
    DecoderTrainer.StepHook afterStep = step -> { };

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (resume != null) {
            return resumeRun(err);
        }
        if (config != null) {
            applyConfig(config);
        }
        data.require(spec.commandLine());
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=<out>'");
        }
        TrainSettings settings = new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm,
                dropout, embeddingSize, hiddenSize, minCount, maxLength, seed, patience, validationBeam, logEvery)
                .withDecoder(decoderType(), attentionSize, attentionLambda, attentionPositions);
        Path run = runDir != null ? runDir
                : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.zip$", "") + ".run");
        if (resumeFrom == null) {
            recordRun(run, settings);
        }
        CaptionDataset dataset = data.read(err);
        CaptionDataset validation = validationSplit == null ? null : data.read(err, validationSplit);
        CaptionModel model;
        try (TrainingProgress progress = TrainingProgress.start()) {
            model = new CaptionTraining(settings, err).showingProgress(progress).train(dataset, validation,
                    pooled(loadEncoder(err)), new DecoderTrainer.Checkpointing(run, checkpointEvery, keepCheckpoints, resumeFrom,
                            afterStep));
        }
        ModelFile.save(model, out);
        err.printf("wrote %s%n", out);
        return Cli.OK;
    }

    /** {@code run.json}: the command line that --resume replays, and the settings it gave. */
    private void recordRun(Path run, TrainSettings settings) throws IOException {
        Files.createDirectories(run);
        AtomicFiles.writeString(run.resolve(RUN_FILE), Json.MAPPER.writeValueAsString(
                Map.of("args", effectiveArgs(), "settings", settings)));
    }

    /**
     * This command's own arguments: picocli gives a subcommand the whole command line, so
     * {@code caption train ...} starts with "train", which --resume must not replay.
     */
    private static List<String> withoutParentArgs(List<String> original) {
        List<String> args = new java.util.ArrayList<>(original);
        if (!args.isEmpty() && args.get(0).equals(COMMAND_NAME)) {
            args.remove(0);
        }
        return args;
    }

    /** The command line with --config replaced by the values it set (the file may change later). */
    private List<String> effectiveArgs() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> args = withoutParentArgs(given.originalArgs());
        if (config == null) {
            return args;
        }
        int at = args.indexOf("--config");
        if (at >= 0) {
            args.subList(at, at + 2).clear();
        }
        args.removeIf(a -> a.startsWith("--config="));
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            boolean fromFile = option.longestName().startsWith("--") && !option.longestName().equals("--config")
                    && option.arity().max() > 0 && option.getValue() != null && !given.hasMatchedOption(option);
            if (fromFile) {
                args.add(option.longestName() + "=" + option.getValue());
            }
        }
        return args;
    }

    /** Sets every option the JSON file names and the command line did not give. */
    private void applyConfig(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": invalid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.FileNotFoundException e) {
            throw new IOException(file + ": no such file");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": settings must be a JSON object");
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (var it = root.fields(); it.hasNext(); ) {
            var field = it.next();
            CommandLine.Model.OptionSpec option = spec.findOption("--" + field.getKey());
            if (option == null || field.getKey().equals("config") || field.getKey().equals("resume")) {
                throw new IOException(file + ": unknown setting '" + field.getKey() + "'");
            }
            if (!given.hasMatchedOption(option)) {
                try {
                    option.setValue(Json.MAPPER.convertValue(field.getValue(), option.type()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": '" + field.getKey() + "' is not a " + option.type().getSimpleName());
                }
            }
        }
    }

    /** Re-reads the run's own command line and goes on from its newest good checkpoint. */
    private int resumeRun(PrintWriter err) throws Exception {
        Path runFile = resume.resolve(RUN_FILE);
        if (!Files.isRegularFile(runFile)) {
            throw new IOException(runFile + ": no such file (not a run folder of 'caption train')");
        }
        List<String> args = withoutParentArgs(Json.MAPPER.convertValue(
                Json.MAPPER.readTree(runFile.toFile()).get("args"), new TypeReference<List<String>>() {}));
        TrainCommand again = new TrainCommand();
        CommandLine cl = Cli.commandLine(again, verbose);
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(err);
        cl.parseArgs(args.toArray(String[]::new));
        again.spec = cl.getCommandSpec();
        again.runDir = resume;
        again.afterStep = afterStep;
        again.resumeFrom = Checkpoint.latest(resume, err);
        err.printf("resuming %s at epoch %d, step %d%n", resume, again.resumeFrom.state().epoch(),
                again.resumeFrom.state().step());
        return again.call();
    }

    private String decoderType() {
        if (!decoder.equals(DecoderConfig.SHOW_TELL) && !decoder.equals(DecoderConfig.SHOW_ATTEND_TELL)) {
            throw new ParameterException(spec.commandLine(), "--decoder must be show-tell or show-attend-tell, not " + decoder);
        }
        return decoder;
    }

    private ImageEncoder pooled(ImageEncoder encoder) {
        ImageEncoder.Description d = encoder.description();
        if (poolRegions != null) {
            d = d.withPoolRegions(poolRegions);
        }
        if (poolMax) {
            d = d.withPoolMax();
        }
        return encoder.withDescription(d);
    }

    private ImageEncoder loadEncoder(PrintWriter err) throws Exception {
        if (encoder.equals(IMAGENET_ENCODER)) {
            return ImageNetEncoder.load(encoderWeights, err);
        }
        if (!encoder.equals(RANDOM_ENCODER)) {
            return EncoderFile.load(Path.of(encoder));
        }
        PreprocessConfig preprocess = PreprocessConfig.shapes(imageSize);
        String cut = SqueezeNetFactory.SHAPES_CUT;
        return new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(imageSize, cut, seed),
                new ImageEncoder.Description(preprocess, "zoo SqueezeNet v1.1, cut after " + cut,
                        Map.of("weights", "random initialisation (seed " + seed + "), frozen")));
    }
}
