package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.SearchOption;
import caption.api.SearchOptions;
import caption.spark.SparkCaptionJob;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The search options: one definition in caption, eval and the Spark job, checked together, helped with the model's defaults. */
class SearchOptionsTest {

    private static final String SAMPLE = "datasets/shapes/samples/images/000000.png";

    @Test
    void captionEvalAndTheSparkJobShareEveryFlagWithOneDescription() {
        CommandSpec caption = new CommandLine(new CaptionCommand()).getCommandSpec();
        List<CommandSpec> all = List.of(caption, caption.subcommands().get("eval").getCommandSpec(),
                new CommandLine(SparkCaptionJob.class).getCommandSpec());
        for (SearchOption option : SearchOption.values()) {
            if (option.flag() == null) {
                continue;
            }
            String help = String.join(" ", caption.findOption(option.flag()).description());
            assertTrue(help.startsWith(option.description()), help);
            for (CommandSpec command : all) {
                assertEquals(help, String.join(" ", command.findOption(option.flag()).description()), command.name());
            }
        }
    }

    @Test
    void theHelpStatesTheOwnDefaultsOfTheModelNamed() {
        assertTrue(CliRun.of("--help").out().contains("default: the model's own, 5 for flickr8k"), "flickr8k's beam");
        String shapes = CliRun.of("--model", "shapes", "--help").out().replaceAll("\\s+", " ");
        assertTrue(shapes.contains("(a whole number from 1 to 20; default: the model's own, 3 for shapes)"), shapes);
        assertTrue(shapes.contains("trigram of the caption (default: the model's own, off for shapes)"), shapes);
        String eval = CliRun.of("eval", "--model", "shapes", "--help").out().replaceAll("\\s+", " ");
        assertTrue(eval.contains("default: the model's own, 3 for shapes"), eval);
        String elsewhere = CliRun.of("--model", "models/not-here.zip", "--help").out().replaceAll("\\s+", " ");
        assertTrue(elsewhere.contains("(a whole number from 1 to 20; default: the model's own)."), elsewhere);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--min-length 10 --max-length 5|minimum length 10 is over the maximum length 5",
        "--min-length 30|minimum length 30 is over the model's maximum length 20",
        "--method greedy --beam 3|beam width 3 needs method beam or sample",
        "--temperature 0.5|a temperature needs method sample; the model's method is beam",
        "--method beam --temperature 2|a temperature needs method sample; method is beam",
        "--method best|Invalid value for option '--method': must be beam, greedy or sample, not 'best'",
        "--beam 21|Invalid value for option '--beam': must be a whole number from 1 to 20, not '21'"})
    void contradictoryOrBadValuesAreOneLineOfBadUsage(String argsAndError) {
        String[] parts = argsAndError.split("\\|");
        List<String> args = new java.util.ArrayList<>(List.of("--model", "shapes"));
        args.addAll(List.of(parts[0].split(" ")));
        args.add(SAMPLE);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(parts[1]), r.err());
        assertEquals(2, r.err().strip().lines().count(), "one line and the help hint: " + r.err());
    }

    @Test
    void samplingWithATemperatureCaptions() {
        CliRun r = CliRun.of("--model", "shapes", "--method", "sample", "--temperature", "0.5", "--beam", "2", SAMPLE);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().split(" ").length > 3, r.out());
    }
}
