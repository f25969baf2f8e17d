package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.SearchOption;
import caption.cli.DocCommands.Program;
import caption.cli.DocCommands.Shown;
import caption.kernel.Numerics;
import caption.spark.SparkCaptionJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command README.md and docs/*.md show parses with the CLI's own picocli model (unknown
 * options, missing required options and bad values fail here, naming the page and line), and the
 * two pages a reader starts from stay short. How the docs write placeholders: {@link DocCommands}.
 */
class DocCommandsTest {

    private static final int README_LINES = 220;
    private static final int BENCHMARKS_LINES = 400;

    /** {@code --numerics} chooses the process's numerics as it is parsed: leave the tests' choice alone. */
    private final String numerics = System.getProperty(Numerics.PROPERTY);

    @AfterEach
    void restoreNumerics() {
        if (numerics == null) {
            System.clearProperty(Numerics.PROPERTY);
        } else {
            System.setProperty(Numerics.PROPERTY, numerics);
        }
    }

    @Test
    void everyDocumentedCommandParses() throws IOException {
        List<Shown> shown = documented();
        List<String> failures = new ArrayList<>();
        for (Shown command : shown) {
            failures.addAll(problems(command));
        }
        assertTrue(failures.isEmpty(), failures.size() + " documented commands do not parse:\n"
                + String.join("\n", failures));
    }

    @Test
    void theDocsShowCommandsOfEveryKind() throws IOException {
        List<Shown> shown = documented();
        assertTrue(shown.size() > 60, "commands found: " + shown.size());
        assertTrue(shown.stream().anyMatch(c -> c.program() == Program.SPARK_CAPTION), "spark-caption");
        assertTrue(shown.stream().anyMatch(c -> c.inline() && c.words().contains("--shard")), "inline spans");
        assertTrue(shown.stream().anyMatch(c -> c.words().equals(List.of("train", "--resume", "photos.run"))),
                "a code line with its trailing comment gone");
    }

    @Test
    void aBadCommandNamesThePageTheLineAndTheProblem() {
        String page = """
                # Title

                    scripts/caption dataset shapes --count 500 \\
                        --seed 2026 > log.txt 2>&1          # scenes for testing

                Then `scripts/caption --beam K --max-length 16 IMAGE...` and `caption --bem 3 photo.jpg`,
                or `scripts/caption eval --model M [--split NAME]` for `caption dataset shapes` and `caption train --scts`.

                    scripts/spark-caption --master 'local[2]' --input photos/ --output out/ --batch-size 16|many
                """;
        List<String> failures = DocCommands.in(page, "page.md").stream().flatMap(c -> problems(c).stream()).toList();
        assertEquals(5, failures.size(), String.join("\n", failures));
        assertTrue(failures.get(0).startsWith("page.md:3: `scripts/caption dataset shapes --count 500"), failures.get(0));
        assertTrue(failures.get(0).endsWith("Missing required option: '--out=<out>'"), failures.get(0));
        assertTrue(failures.get(1).startsWith("page.md:6: `caption --bem 3 photo.jpg`: Unknown option: '--bem'"),
                failures.get(1));
        assertEquals("page.md:7: `scripts/caption eval --model M [--split NAME]`: "
                + "Missing required option: '--data=SOURCE'", failures.get(2));
        assertEquals("page.md:7: `caption train --scts`: Unknown option: '--scts' of caption train", failures.get(3));
        assertTrue(failures.get(4).startsWith("page.md:9: `scripts/spark-caption"), failures.get(4));
        assertTrue(failures.get(4).contains("(with many): Invalid value for option '--batch-size'"), failures.get(4));
    }

    @Test
    void readmeAndBenchmarksStayShort() throws IOException {
        long readme = Files.readAllLines(Path.of("README.md")).size();
        long benchmarks = Files.readAllLines(Path.of("docs/benchmarks.md")).size();
        assertTrue(readme <= README_LINES, "README.md has " + readme + " lines; at most " + README_LINES
                + ": move detail into docs/");
        assertTrue(benchmarks <= BENCHMARKS_LINES, "docs/benchmarks.md has " + benchmarks + " lines; at most "
                + BENCHMARKS_LINES + ": keep the current tables, the history stays in git");
    }

    private static List<Shown> documented() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Shown> shown = new ArrayList<>();
        for (Path page : pages) {
            shown.addAll(DocCommands.in(page, page.toString()));
        }
        return shown;
    }

    /** What is wrong with a documented command, one line for each choice it offers that fails to parse. */
    private static List<String> problems(Shown command) {
        List<String> problems = new ArrayList<>();
        for (List<String> words : choices(command.words())) {
            CommandLine cli = commandLine(command.program());
            List<String> args = withNumbers(cli, words);
            String problem = command.inline() && namesOnly(cli, args)
                    ? unknownOption(cli, args) // `caption train --scst` names a command and an option
                    : parseProblem(cli, args);
            if (problem != null) {
                String choice = words.equals(command.words()) ? "" : " (with " + String.join(" ", words
                        .stream().filter(w -> !command.words().contains(w)).toList()) + ")";
                problems.add(command + choice + ": " + problem);
            }
        }
        return problems;
    }

    private static String parseProblem(CommandLine cli, List<String> args) {
        try {
            return requiredByMode(cli.parseArgs(args.toArray(String[]::new)));
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    private static CommandLine commandLine(Program program) {
        return program == Program.CAPTION ? Cli.commandLine(new CaptionCommand(), false)
                : new CommandLine(SparkCaptionJob.class);
    }

    /**
     * Options the commands require only in some modes, which they check when they run rather than
     * picocli when it parses (TrainCommand, EvalCommand, DataOptions).
     */
    private static String requiredByMode(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        String name = leaf.commandSpec().qualifiedName(" ");
        boolean resumes = leaf.hasMatchedOption("--resume") || leaf.hasMatchedOption("--config");
        if ((name.endsWith(" train") && !resumes || name.endsWith(" eval")) && !leaf.hasMatchedOption("--data")) {
            return "Missing required option: '--data=SOURCE'";
        }
        if (name.endsWith(" train") && !resumes && !leaf.hasMatchedOption("--out")) {
            return "Missing required option: '--out=<out>'";
        }
        return null;
    }

    /** Each way of reading the words' choices ({@code a|b}): the first alternative of all, then each other one. */
    private static List<List<String>> choices(List<String> words) {
        List<List<String>> choices = new ArrayList<>();
        choices.add(words.stream().map(w -> alternatives(w).get(0)).toList());
        for (int i = 0; i < words.size(); i++) {
            List<String> alternatives = alternatives(words.get(i));
            for (String other : alternatives.subList(1, alternatives.size())) {
                List<String> choice = new ArrayList<>(choices.get(0));
                choice.set(i, other);
                choices.add(choice);
            }
        }
        return choices;
    }

    private static List<String> alternatives(String word) {
        if (!word.contains("|")) {
            return List.of(word);
        }
        int equals = word.startsWith("-") ? word.indexOf('=') + 1 : 0;
        String prefix = word.substring(0, equals);
        return Stream.of(word.substring(equals).split("\\|")).map(a -> prefix + a).toList();
    }

    /** The words with 1 in place of each upper-case placeholder that a numeric option takes. */
    private static List<String> withNumbers(CommandLine root, List<String> words) {
        List<String> args = new ArrayList<>(words);
        CommandLine current = root;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (current.getSubcommands().containsKey(word)) {
                current = current.getSubcommands().get(word);
                continue;
            }
            OptionSpec option = current.getCommandSpec().findOption(word.split("=", 2)[0]);
            if (option == null || !numeric(option)) {
                continue;
            }
            if (word.contains("=") && DocCommands.isPlaceholder(word.substring(word.indexOf('=') + 1))) {
                args.set(i, word.substring(0, word.indexOf('=') + 1) + "1");
            } else if (i + 1 < args.size() && DocCommands.isPlaceholder(args.get(i + 1))) {
                args.set(i + 1, "1");
            }
        }
        return args;
    }

    /** A numeric option: by its Java type, or a search option whose definition says it takes a number. */
    private static boolean numeric(OptionSpec option) {
        Class<?> type = option.type();
        boolean searchNumber = Arrays.stream(SearchOption.values()).anyMatch(o -> option.longestName().equals(o.flag())
                && (o.kind() == SearchOption.Kind.WHOLE || o.kind() == SearchOption.Kind.NUMBER));
        return searchNumber || Number.class.isAssignableFrom(type) || type == int.class || type == long.class
                || type == double.class || type == float.class;
    }

    /** Whether the words are only subcommand and option names, giving no value or argument. */
    private static boolean namesOnly(CommandLine root, List<String> args) {
        CommandLine current = root;
        for (String word : args) {
            if (current.getSubcommands().containsKey(word)) {
                current = current.getSubcommands().get(word);
            } else if (!word.startsWith("-") || word.equals("-")) { // a lone '-' is standard input, a value
                return false;
            }
        }
        return true;
    }

    private static String unknownOption(CommandLine root, List<String> args) {
        CommandLine current = root;
        for (String word : args) {
            if (current.getSubcommands().containsKey(word)) {
                current = current.getSubcommands().get(word);
            } else if (current.getCommandSpec().findOption(word) == null && !negated(current, word)) {
                return "Unknown option: '" + word + "' of " + current.getCommandSpec().qualifiedName();
            }
        }
        return null;
    }

    private static boolean negated(CommandLine command, String word) {
        OptionSpec option = word.startsWith("--no-") ? command.getCommandSpec().findOption("--" + word.substring(5)) : null;
        return option != null && option.negatable();
    }
}
