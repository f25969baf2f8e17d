package caption.cli;

import caption.api.RuntimeSettings;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs a command with the project's conventions: one-line errors, exit codes 0 / 1 / 2. */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {}

    public static int execute(Object command, String... args) {
        RuntimeSettings.fromEnvironment().apply();
        return commandLine(command, java.util.Arrays.asList(args).contains("--verbose")).execute(args);
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
