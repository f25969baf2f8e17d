package caption.cli;

import caption.encoder.ImageNetWeights;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption repack}: a model file written again with its encoder's weights inside. */
@Command(name = "repack", mixinStandardHelpOptions = true,
        description = "Writes a model file again with its encoder's weights inside, so that it needs no other file. "
                + "A model file that names the SqueezeNet ImageNet weights instead of holding them gets them from "
                + ImageNetWeights.ENVIRONMENT + "=FILE, ~/.cache/caption/ or a download, checked against the sha256 "
                + "it records. Every entry outside encoder/ is copied byte for byte.")
public final class RepackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model file or a bundled model's name.")
    String model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write (may be MODEL's own file).")
    Path out;

    @Option(names = "--member", paramLabel = "N", converter = PositiveInteger.class, description = "Of an ensemble, "
            + "write only its N-th model (1: the first), with the ensemble's encoder, vocabulary and search.")
    Integer member;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Path source = ModelRegistry.resolve(model);
        long before = Files.size(source);
        PrintWriter err = spec.commandLine().getErr();
        if (member != null) {
            CaptionModel whole = ModelFile.load(source);
            if (member > whole.ensemble().size() + 1) {
                throw new ParameterException(spec.commandLine(), "--member: " + model + " holds "
                        + (whole.ensemble().size() + 1) + " model(s), not " + member);
            }
            ModelFile.save(whole.member(member), out);
            err.printf("wrote %s: model %d of %s, %,d bytes%n", out, member, model, Files.size(out));
            return Cli.OK;
        }
        ModelFile.repack(source, out);
        err.printf("wrote %s with its encoder's weights inside: %,d bytes (%s: %,d bytes)%n", out, Files.size(out),
                source, before);
        return Cli.OK;
    }
}
