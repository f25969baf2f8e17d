package caption.cli;

import caption.data.CaptionDataset;
import caption.decoder.DecoderTypes;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.encoder.TrainableTop;
import caption.train.EncoderFineTuning;
import caption.train.CaptionReward;
import caption.train.SelfCriticalTrainer;
import caption.train.SelfCriticalTraining;
import caption.train.DecoderTrainer;
import caption.train.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code caption train}: trains a decoder over a frozen encoder on any dataset format the tool reads. */
@Command(name = TrainCommand.COMMAND_NAME, mixinStandardHelpOptions = true,
        description = "Trains a captioner (frozen encoder, LSTM decoder) and writes one model file.")
public final class TrainCommand implements Callable<Integer> {

    static final String COMMAND_NAME = "train";

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", description = "Model file to write (required unless --resume).")
    Path out;

    @Option(names = "--encoder", defaultValue = EncoderChoice.AUTO, description = "Encoder file from "
            + "'caption pretrain-encoder', 'imagenet' for SqueezeNet with ImageNet weights, 'random' for a randomly "
            + "initialised SqueezeNet, or 'auto': random for generated shape scenes, imagenet for photos "
            + "(default ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--encoder-weights", paramLabel = "FILE", description = "The SqueezeNet v1.1 ImageNet weights "
            + "(Keras HDF5) for --encoder imagenet; else CAPTION_ENCODER_WEIGHTS, the cache, the zoo, a download.")
    Path encoderWeights;

    @Option(names = "--pool-regions", paramLabel = "R", description = "Pool the encoder's grid over R x R regions "
            + "instead of globally (keeps where things are; the feature size grows R x R times).")
    Integer poolRegions;

    @Option(names = "--pool-max", description = "Add the grid's global maximum to the pooled vector (doubles its size).")
    boolean poolMax;

    @Option(names = "--decoder", defaultValue = DecoderTypes.DEFAULT, paramLabel = "TYPE",
            description = "show-tell: LSTM started from the pooled vector; show-attend-tell: soft attention over the "
                    + "encoder's grid; or another registered decoder type (default ${DEFAULT-VALUE}).")
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

    @Option(names = "--feature-dtype", defaultValue = "float32", paramLabel = "float32|float16",
            description = "How the feature store keeps the encoder's features on disk: float32 or float16, "
                    + "half the disk and reads (default ${DEFAULT-VALUE}).")
    String featureDtype;

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

    @Option(names = "--average-decay", defaultValue = "0", paramLabel = "DECAY", converter = NonNegativeNumber.class,
            description = "Cross-entropy training also keeps a moving average of the weights, each step's weights "
                    + "with 1 - DECAY (for example 0.999); each epoch validates both and keeps the better "
                    + "(default ${DEFAULT-VALUE}: none).")
    double averageDecay;

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

    /** For tests: called after each step. */
    DecoderTrainer.StepHook afterStep = step -> { };

    @Option(names = "--scst", description = "Self-critical sequence training of the model --from names (trained by "
            + "cross-entropy), rewarding sampled captions (--reward); --epochs, --learning-rate (e.g. 0.00005), "
            + "--clip, --max-length, --seed and --val-split apply; --batch-size counts sampled captions.")
    boolean scst;

    @Option(names = "--tune-search", description = "Choose the default search of the model --from names on --val-split "
            + "(beam 1, 3 or 5, then trigram blocking) and write it to --out; --scst does this after training.")
    boolean tuneSearch;

    @Option(names = "--from", paramLabel = "MODEL", description = "The model --scst, --tune-search or "
            + "--fine-tune-encoder goes on from: a file or bundled name.")
    String from;

    @Option(names = "--fine-tune-encoder", description = "Train the encoder's last fire blocks (--trainable-from) "
            + "together with the decoder of the model --from names, by cross-entropy on --data; the frozen part's "
            + "grids are stored once; validation on --val-split keeps the best epoch. --epochs, --learning-rate "
            + "(the decoder's), --batch-size, --clip, --patience, --seed, --feature-dtype and the checkpoint options apply.")
    boolean fineTuneEncoder;

    @Option(names = "--trainable-from", paramLabel = "fire7|fire8|fire9",
            defaultValue = EncoderFineTuning.DEFAULT_TRAINABLE_FROM,
            description = "With --fine-tune-encoder: the first fire block that trains (default ${DEFAULT-VALUE}).")
    String trainableFrom;

    @Option(names = "--encoder-learning-rate", paramLabel = "RATE", converter = NonNegativeNumber.class,
            defaultValue = "1e-5", description = "With --fine-tune-encoder: the encoder blocks' Adam learning rate "
                    + "(default ${DEFAULT-VALUE}); 0 holds them, and the decoder alone adapts to them.")
    double encoderLearningRate;

    @Option(names = "--encoder-from", paramLabel = "MODEL", description = "With --fine-tune-encoder: start the "
            + "encoder from this model's instead of the --from model's own (one fine-tuned with another decoder: with "
            + "--encoder-learning-rate 0 the two share it and join into one ensemble).")
    String encoderFrom;

    @Option(names = "--samples", defaultValue = "5", converter = PositiveInteger.class,
            description = "Captions sampled per image by --scst; each one's baseline is the others' mean reward "
                    + "(default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--reward", defaultValue = "cider-d", paramLabel = "cider-d|scene-truth",
            description = "What --scst pays a sampled caption: its CIDEr-D against the image's references "
                    + "(default), or scene-truth, the same but 0 unless the shapes checker finds it true and complete "
                    + "of the image's scene (a split written by 'caption dataset shapes').")
    String reward;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (resume != null) {
            TrainRun.resume(resume, afterStep, err);
            return Cli.OK;
        }
        if (config != null) {
            SettingsFile.read(config).applyTo(spec.commandLine());
        }
        if (tuneSearch) {
            tunedSearch(err);
            return Cli.OK;
        }
        if (fineTuneEncoder) {
            fineTuningRun().start(runDir != null ? runDir : TrainRun.folderOf(out), afterStep, err);
            return Cli.OK;
        }
        if (scst || from != null) {
            selfCritical(err);
            return Cli.OK;
        }
        TrainRun run = run();
        run.start(runDir != null ? runDir : TrainRun.folderOf(out), afterStep, err);
        return Cli.OK;
    }

    /** The run these options describe; a missing --data or --out is bad usage. */
    private TrainRun run() {
        data.require(spec.commandLine());
        requireOut();
        TrainSettings settings = settings();
        EncoderChoice encoderChoice = new EncoderChoice(encoder, encoderWeights, poolRegions, poolMax, imageSize, seed);
        return new TrainRun(settings, data.source(), validationSplit, encoderChoice, out, checkpointEvery,
                keepCheckpoints);
    }

    /** {@code --fine-tune-encoder --from MODEL}: a run of the model's decoder and encoder blocks. */
    private TrainRun fineTuningRun() throws IOException {
        if (from == null || scst || tuneSearch) {
            throw new ParameterException(spec.commandLine(), "--fine-tune-encoder needs --from MODEL (one trained "
                    + "model) and no --scst or --tune-search");
        }
        if (averageDecay != 0) {
            throw new ParameterException(spec.commandLine(), "--average-decay is not for --fine-tune-encoder");
        }
        data.require(spec.commandLine());
        requireOut();
        try {
            TrainableTop.requireTrainable(trainableFrom);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--trainable-from: " + e.getMessage());
        }
        EncoderFineTuning fineTuning = new EncoderFineTuning(trainableFrom, encoderLearningRate,
                encoderFrom == null ? null : ModelRegistry.resolve(encoderFrom).toAbsolutePath().toString());
        Path model = ModelRegistry.resolve(from);
        return new TrainRun(settings(), data.source(), validationSplit, null, out, checkpointEvery, keepCheckpoints,
                new TrainRun.FineTuning(model, fineTuning));
    }

    private TrainSettings settings() {
        TrainSettings settings = new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm,
                dropout, embeddingSize, hiddenSize, minCount, maxLength, seed, patience, validationBeam, logEvery)
                .withDecoder(decoderType(), attentionSize, attentionLambda, attentionPositions);
        if (!featureDtype.equals("float32") && !featureDtype.equals("float16")) {
            throw new ParameterException(spec.commandLine(), "--feature-dtype: float32 or float16, not " + featureDtype);
        }
        if (averageDecay >= 1) {
            throw new ParameterException(spec.commandLine(), "--average-decay: below 1, not " + averageDecay);
        }
        return settings.withFeatureDtype(featureDtype).withAverageDecay(averageDecay);
    }

    /** {@code --tune-search --from MODEL --val-split NAME}: the model with its search chosen on validation. */
    private void tunedSearch(PrintWriter err) throws IOException {
        if (from == null || validationSplit == null || scst) {
            throw new ParameterException(spec.commandLine(), "--tune-search needs --from MODEL and --val-split NAME "
                    + "(and no --scst, which tunes the search itself)");
        }
        data.require(spec.commandLine());
        requireOut();
        CaptionModel model = SelfCriticalTraining.withTunedSearch(single(ModelFile.load(ModelRegistry.resolve(from))),
                data.source().read(err, validationSplit), err);
        ModelFile.save(model, out);
        err.printf("wrote %s%n", out);
    }

    /** {@code --scst --from MODEL}: the model goes on by self-critical training and is written to --out. */
    private void selfCritical(PrintWriter err) throws IOException {
        if (!scst || from == null) {
            throw new ParameterException(spec.commandLine(), scst ? "--scst needs --from MODEL (a cross-entropy model)"
                    : "--from is for --scst or --tune-search");
        }
        data.require(spec.commandLine());
        requireOut();
        if (samples < 2) {
            throw new ParameterException(spec.commandLine(), "--samples: at least 2 (the baseline is the others' mean)");
        }
        if (averageDecay != 0) {
            throw new ParameterException(spec.commandLine(), "--average-decay is for cross-entropy training, not --scst");
        }
        CaptionReward.Kind rewardKind;
        try {
            rewardKind = CaptionReward.Kind.parse(reward);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--reward: " + e.getMessage());
        }
        SelfCriticalTrainer.Settings settings = new SelfCriticalTrainer.Settings(epochs,
                Math.max(1, (batchSize + samples - 1) / samples), samples, learningRate, clipNorm, maxLength, seed,
                logEvery, rewardKind);
        CaptionModel start = single(ModelFile.load(ModelRegistry.resolve(from)));
        DataSource source = data.source();
        CaptionDataset dataset = source.read(err);
        CaptionDataset validation = validationSplit == null ? null : source.read(err, validationSplit);
        CaptionModel model = new SelfCriticalTraining(settings, err).train(start, dataset, validation);
        ModelFile.save(model, out);
        err.printf("wrote %s%n", out);
    }

    /** The model, unless it is an ensemble, whose members train one by one. */
    private CaptionModel single(CaptionModel model) {
        if (!model.ensemble().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is an ensemble of "
                    + (model.ensemble().size() + 1) + " models: train its members, then join them with caption ensemble");
        }
        return model;
    }

    private void requireOut() {
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=<out>'");
        }
    }

    private String decoderType() {
        try {
            return DecoderTypes.named(decoder).name();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
        }
    }
}
