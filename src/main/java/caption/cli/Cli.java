package caption.cli;

import caption.api.RuntimeSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/** Runs a command with the project's conventions: one-line errors, exit codes 0 / 1 / 2. */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {}

    public static int execute(Object command, String... args) {
        if (!backendLoads(System.err)) {
            return FAILED;
        }
        RuntimeSettings.fromEnvironment().apply();
        return commandLine(command, java.util.Arrays.asList(args).contains("--verbose")).execute(args);
    }

    /**
     * Loads ND4J's backend with what it prints held back: where none can run (the CUDA build on a
     * machine without an NVIDIA driver) one line says why instead of ND4J's stack traces.
     */
    static boolean backendLoads(PrintStream err) {
        PrintStream original = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try {
            Nd4j.getBackend();
            System.setErr(original);
            original.print(held.toString(StandardCharsets.UTF_8));
            return true;
        } catch (Throwable e) {
            System.setErr(original);
            String printed = held.toString(StandardCharsets.UTF_8);
            String why = printed.lines().filter(l -> l.contains("Error: ") || l.contains("Exception: ")).findFirst()
                    .map(l -> l.substring(l.indexOf(": ") + 2)).orElse(oneLine(rootCause(e)));
            boolean cuda = Cli.class.getClassLoader().getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null;
            err.println("caption: ND4J cannot start its " + (cuda ? "CUDA" : "CPU") + " backend here: " + why
                    + (cuda ? " (the CUDA build needs an NVIDIA GPU and its driver)" : ""));
            err.flush();
            return false;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    public static CommandLine commandLine(Object command, boolean verbose) {
        CommandLine cl = new CommandLine(command);
        everyCommand(cl, c -> c.getCommandSpec().versionProvider(new BuildVersion()));
        cl.setParameterExceptionHandler((usage, args) -> badUsage(usage));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CommandLine.ParameterException usage) {
                return badUsage(usage); // checks a command makes itself (options required only in some modes)
            }
            err.println("caption: " + oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        });
        return cl;
    }

    /** Bad usage in one line, as picocli words it, and where to read more: exit status 2. */
    private static int badUsage(CommandLine.ParameterException usage) {
        PrintWriter err = usage.getCommandLine().getErr();
        err.println("caption: " + oneLine(usage));
        err.println("Try '" + usage.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    private static void everyCommand(CommandLine cl, java.util.function.Consumer<CommandLine> action) {
        action.accept(cl);
        cl.getSubcommands().values().forEach(sub -> everyCommand(sub, action));
    }

    static String oneLine(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
