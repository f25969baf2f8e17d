package caption.cli;

import caption.data.CaptionDataset;
import caption.encoder.EncoderFile;
import caption.encoder.ImageEncoder;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption train}: trains a decoder on a COCO-style folder over a frozen encoder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a captioner on a COCO-style folder (images/ + captions.json) and writes one model file.")
public final class TrainCommand implements Callable<Integer> {

    static final String RANDOM_ENCODER = "random";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Dataset folder (images/ and captions.json).")
    Path data;

    @Option(names = "--out", required = true, description = "Model file to write.")
    Path out;

    @Option(names = "--encoder", defaultValue = RANDOM_ENCODER, description = "Encoder file from "
            + "'caption pretrain-encoder', or 'random' for a randomly initialised SqueezeNet (default ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--image-size", defaultValue = "64", description = "Input size of a random encoder (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Captions per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0.85", description = "Learning rate factor per epoch (default ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--clip", defaultValue = "5.0", description = "Gradient norm clipping (default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout on the LSTM output (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--embedding", defaultValue = "128", description = "Word embedding size (default ${DEFAULT-VALUE}).")
    int embeddingSize;

    @Option(names = "--hidden", defaultValue = "256", description = "LSTM size (default ${DEFAULT-VALUE}).")
    int hiddenSize;

    @Option(names = "--min-count", defaultValue = "3", description = "Words seen fewer times become <unk> (default ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-length", defaultValue = "20", description = "Longest caption in words (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        TrainSettings settings = new TrainSettings(epochs, batchSize, learningRate, learningRateDecay, clipNorm,
                dropout, embeddingSize, hiddenSize, minCount, maxLength, seed);
        CaptionDataset dataset = CaptionDataset.load(data);
        if (dataset.skipped() > 0) {
            err.printf("%s: skipped %d images without captions%n", data, dataset.skipped());
        }
        CaptionModel model = new CaptionTraining(settings, err).train(dataset, loadEncoder());
        ModelFile.save(model, out);
        err.printf("wrote %s%n", out);
        return Cli.OK;
    }

    private ImageEncoder loadEncoder() throws Exception {
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
