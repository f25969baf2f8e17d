package caption.cli;

import caption.decoder.DecoderConfig;
import caption.encoder.ImageEncoder;
import caption.model.CaptionModel;
import caption.model.ModelConfig;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption ensemble}: one model file of several models that caption together. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Writes one model file of several trained models (same vocabulary and encoder) that caption "
                + "together: each search step takes the mean of their next-word log-probabilities. The first "
                + "model gives the search defaults, the attention maps and the provenance; each member keeps its own.")
public final class EnsembleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "Model files or bundled model names.")
    List<String> models;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ensemble's model file.")
    Path out;

    @Option(names = "--float16", description = "Store the weights as float16: half the size, captions as measured "
            + "in docs/benchmarks.md.")
    boolean float16;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        List<CaptionModel> loaded = new ArrayList<>();
        for (String name : models) {
            loaded.add(ModelFile.load(ModelRegistry.resolve(name)));
        }
        CaptionModel first = loaded.get(0);
        List<CaptionModel.Member> members = new ArrayList<>();
        List<DecoderConfig> configs = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            CaptionModel m = loaded.get(i);
            String name = models.get(i);
            if (!m.ensemble().isEmpty()) {
                throw new IOException(name + ": already an ensemble (give its members' own files)");
            }
            if (!m.vocabulary().words().equals(first.vocabulary().words())) {
                throw new IOException(name + ": its vocabulary (" + m.vocabulary().size() + " words) differs from "
                        + models.get(0) + "'s (" + first.vocabulary().size() + ")");
            }
            if (!sameEncoder(first.encoder(), m.encoder())) {
                throw new IOException(name + ": its encoder differs from " + models.get(0) + "'s");
            }
            if (i > 0) {
                members.add(new CaptionModel.Member(m.scaler(), m.decoder(), m.provenance()));
                configs.add(m.config().decoder());
            }
        }
        ModelConfig config = first.config().withEnsemble(configs, float16 ? ModelConfig.FLOAT16 : ModelConfig.FLOAT32);
        ModelFile.save(new CaptionModel(config, first.encoder(), first.scaler(), first.decoder(), first.vocabulary(),
                first.provenance(), members), out);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("wrote %s: %d models, %s weights, %,d bytes%n", out, loaded.size(), config.weightDtype(),
                Files.size(out));
        return Cli.OK;
    }

    /**
     * The same preprocessing, description and network: the description as its JSON, the network as
     * loaded (a graph's zip bytes carry the time they were written).
     */
    private static boolean sameEncoder(ImageEncoder a, ImageEncoder b) throws IOException {
        return Arrays.equals(a.descriptionBytes(), b.descriptionBytes())
                && a.graph().getConfiguration().toJson().equals(b.graph().getConfiguration().toJson())
                && a.graph().params().equals(b.graph().params());
    }
}
