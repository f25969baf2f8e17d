package caption.cli;

import caption.data.shapes.ShapesSplitWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption dataset}: makes datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Generates datasets.",
        subcommands = {DatasetCommand.Shapes.class})
public final class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }

    /** {@code caption dataset shapes}: a split of generated shape scenes. */
    @Command(name = "shapes", mixinStandardHelpOptions = true,
            description = "Writes a split of shape scenes (images/, captions.json, scenes.json); see datasets/shapes/README.md.")
    static final class Shapes implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "Folder to write the split to.")
        Path out;

        @Option(names = "--count", required = true, description = "Number of scenes.")
        int count;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            if (count < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
            }
            long start = System.nanoTime();
            ShapesSplitWriter.write(out, seed, count);
            spec.commandLine().getErr().printf("wrote %d scenes (seed %d) to %s in %.1f s%n", count, seed, out,
                    (System.nanoTime() - start) / 1e9);
            return Cli.OK;
        }
    }
}
