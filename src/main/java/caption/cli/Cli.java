package caption.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs a command with the project's conventions: one-line errors, exit codes 0 / 1 / 2. */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {}

    public static int execute(Object command, String... args) {
        BlasThreads.configure();
        return commandLine(command, java.util.Arrays.asList(args).contains("--verbose")).execute(args);
    }

    public static CommandLine commandLine(Object command, boolean verbose) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CommandLine.ParameterException usage) {
                // checks a command makes itself (options required only in some modes) are bad usage too
                err.println("caption: " + oneLine(usage));
                err.println("Try '" + usage.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
                err.flush();
                return USAGE;
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

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
