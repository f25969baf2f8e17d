package caption.cli;

import caption.data.shapes.SceneGridLabels;
import caption.encoder.EncoderFile;
import caption.encoder.EncoderPretrainer;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code caption pretrain-encoder}: trains the zoo SqueezeNet on the shapes auxiliary task. */
@Command(name = "pretrain-encoder", mixinStandardHelpOptions = true,
        description = "Pretrains the zoo SqueezeNet on generated shape scenes (in every cell of its feature grid: "
                + "is an object's centre here, and its colour, shape and size) and saves it cut at the grid and "
                + "frozen, for 'caption train --encoder'.")
public final class PretrainEncoderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Encoder file to write (zip).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the scenes and the weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "6000", description = "Training scenes (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--validation", defaultValue = "500", description = "Validation scenes (default ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--epochs", defaultValue = "4", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "1.0", description = "Learning-rate factor per epoch (default ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--cut", defaultValue = SqueezeNetFactory.SHAPES_CUT,
            description = "Fire block whose map is the feature grid (default ${DEFAULT-VALUE}).")
    String cut;

    @Option(names = "--image-size", defaultValue = "64", description = "Input size in pixels (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--continue-from", paramLabel = "ENCODER.zip",
            description = "Train this encoder file further (same cut and input size) instead of starting from random weights.")
    Path continueFrom;

    @Option(names = "--initialise-from", paramLabel = "ENCODER.zip",
            description = "Start every layer this encoder file also has (any cut, any input size; its head too when it was "
                    + "saved --with-head-outputs) from its weights, the others from random: e.g. an encoder pretrained "
                    + "at 64 px starts one at 128 px.")
    Path initialiseFrom;

    @Option(names = "--head-only", description = "With --continue-from: keep that encoder as it is and train only "
            + "a new head over its grid (minutes, not hours), e.g. for --with-head-outputs.")
    boolean headOnly;

    @Option(names = "--with-head-outputs", description = "Save the grid with the head's per-cell predictions (object, "
            + "colour, shape, size: one sigmoid channel per label) after the fire block's channels.")
    boolean withHeadOutputs;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PreprocessConfig preprocess = PreprocessConfig.shapes(imageSize);
        if (headOnly && continueFrom == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--head-only needs --continue-from");
        }
        if (initialiseFrom != null && continueFrom != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--initialise-from and --continue-from exclude each other");
        }
        ImageEncoder start = continueFrom == null ? null : EncoderFile.load(continueFrom);
        ImageEncoder initial = initialiseFrom == null ? null : EncoderFile.load(initialiseFrom);
        if (start != null && start.preprocess().size() != imageSize) {
            throw new CommandLine.ParameterException(spec.commandLine(), continueFrom + ": reads "
                    + start.preprocess().size() + " px images, not --image-size " + imageSize);
        }
        EncoderPretrainer.Settings settings = new EncoderPretrainer.Settings(seed, count, validation, epochs,
                batchSize, learningRate, learningRateDecay, preprocess, cut,
                continueFrom != null ? continueFrom.getFileName().toString()
                        : initialiseFrom != null ? initialiseFrom.getFileName().toString() : null);
        ComputationGraph trunk = start == null ? null
                : headOnly ? start.graph() : SqueezeNetFactory.trainableCopy(start.graph(), imageSize, cut);
        EncoderPretrainer pretrainer = initial != null ? EncoderPretrainer.initialisedFrom(settings, initial.graph(), err)
                : new EncoderPretrainer(settings, trunk, err);
        EncoderPretrainer.Result result = pretrainer.run();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("weights", "pretrained from random on generated shape scenes (auxiliary task: object, "
                + "colour, shape and size in each grid cell), then frozen");
        if (start != null) {
            provenance.put("continuedFrom", start.description().provenance());
        }
        if (initial != null) {
            provenance.put("initialisedFrom", initial.description().provenance());
        }
        provenance.put("settings", settings);
        provenance.put("headOnly", headOnly);
        provenance.put("gridWithHeadOutputs", withHeadOutputs);
        provenance.put("validationObjectAccuracy", result.validation());
        provenance.put("trainingSeconds", Math.round(result.seconds()));
        provenance.put("date", Instant.now().toString());
        ComputationGraph extractor = withHeadOutputs
                ? SqueezeNetFactory.featureExtractorWithHead(result.network(), cut)
                : SqueezeNetFactory.featureExtractor(result.network(), cut);
        String architecture = "zoo SqueezeNet v1.1, cut after " + cut + (withHeadOutputs
                ? ", with its auxiliary head's " + SceneGridLabels.CHANNELS + " per-cell predictions as more channels" : "");
        ImageEncoder encoder = new ImageEncoder(extractor, new ImageEncoder.Description(preprocess, architecture, provenance));
        EncoderFile.save(encoder, out);
        err.printf("wrote %s (%.0f s)%n", out, result.seconds());
        return Cli.OK;
    }
}
