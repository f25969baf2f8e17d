package caption.cli;

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

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PreprocessConfig preprocess = PreprocessConfig.shapes(imageSize);
        EncoderPretrainer.Settings settings = new EncoderPretrainer.Settings(
                seed, count, validation, epochs, batchSize, learningRate, learningRateDecay, preprocess, cut);
        EncoderPretrainer.Result result = new EncoderPretrainer(settings, err).run();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("weights", "pretrained from random on generated shape scenes (auxiliary task: object, "
                + "colour, shape and size in each grid cell), then frozen");
        provenance.put("settings", settings);
        provenance.put("validationObjectAccuracy", result.validation());
        provenance.put("trainingSeconds", Math.round(result.seconds()));
        provenance.put("date", Instant.now().toString());
        ImageEncoder encoder = new ImageEncoder(SqueezeNetFactory.featureExtractor(result.network(), cut),
                new ImageEncoder.Description(preprocess, "zoo SqueezeNet v1.1, cut after " + cut, provenance));
        EncoderFile.save(encoder, out);
        err.printf("wrote %s (%.0f s)%n", out, result.seconds());
        return Cli.OK;
    }
}
