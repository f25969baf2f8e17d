package caption.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a Markdown page shows: every line of a code block, and every inline code span,
 * that runs {@code scripts/caption}, {@code caption}, {@code scripts/spark-caption} or one of the
 * jars ({@code java -jar target/caption.jar}, {@code spark-submit ... target/caption-spark.jar}).
 *
 * <p>Shell syntax is read as the shell reads it: quotes, {@code \} line continuations, {@code #}
 * comments, several commands joined by {@code |}, {@code ||}, {@code &&} or {@code ;} (each a
 * word of its own), redirections ({@code > file}, {@code 2>&1}) dropped, leading {@code VAR=value}
 * words and a {@code host$} prompt skipped.
 *
 * <p>The docs' notation for what a reader fills in, and how it is checked:
 * <ul>
 *   <li>{@code [--split NAME]}, an optional part: checked as given;
 *   <li>{@code parquet|jsonl} in one word, a choice: each alternative checked;
 *   <li>{@code ...} as a word, more of the same: dropped; {@code IMAGE...}: one {@code IMAGE};
 *   <li>an upper-case word ({@code IMAGE}, {@code DIR}, {@code K}): a value the reader supplies;
 *       where a number is expected, 1 is checked in its place;
 *   <li>{@code NAME="..."} on a code line of its own sets a shell variable that later lines of the
 *       page use as {@code $NAME}.
 * </ul>
 * An inline span that gives no value or argument ({@code caption train --scst}) names a command
 * and its options rather than running it (see {@link DocCommandsTest}); a code line is always a
 * whole command.
 */
final class DocCommands {

    /** One command as a page shows it: where, its text, the program and its words. */
    record Shown(String file, int line, String text, boolean inline, Program program, List<String> words) {
        @Override
        public String toString() {
            return file + ":" + line + ": `" + text + "`";
        }
    }

    enum Program { CAPTION, SPARK_CAPTION }

    private static final Pattern INLINE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern REDIRECTION = Pattern.compile("[0-9&]?>>?(&[0-9])?|<");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_]*");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private final String name;
    private final List<Shown> shown = new ArrayList<>();
    private final Map<String, String> variables = new HashMap<>();

    private DocCommands(String name) {
        this.name = name;
    }

    static List<Shown> in(Path page, String name) throws IOException {
        return in(Files.readString(page), name);
    }

    static List<Shown> in(String markdown, String name) {
        DocCommands page = new DocCommands(name);
        page.read(markdown);
        page.shown.sort(java.util.Comparator.comparingInt(Shown::line));
        return page.shown;
    }

    private void read(String markdown) {
        String[] lines = markdown.split("\n", -1);
        StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        boolean previousBlank = true;
        boolean indentedBlock = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean fence = FENCE.matcher(line).find();
            boolean blank = line.isBlank();
            indentedBlock = !fenced && !fence && line.startsWith("    ") && (previousBlank || indentedBlock)
                    || indentedBlock && blank;
            if (fence || fenced || indentedBlock && !blank) {
                prose.append('\n'); // keeps the prose's line numbers
                if (!fence && !blank) {
                    int last = codeLine(lines, i);
                    prose.append("\n".repeat(last - i)); // the continuation lines it took
                    i = last;
                }
                if (fence) {
                    fenced = !fenced;
                }
            } else {
                prose.append(line).append('\n');
            }
            previousBlank = blank;
        }
        inlineSpans(prose.toString());
    }

    /** Reads the code line at {@code start} with its continuations; returns the last line it took. */
    private int codeLine(String[] lines, int start) {
        StringBuilder command = new StringBuilder();
        int end = start;
        String line = lines[start].strip();
        while (line.endsWith("\\") && end + 1 < lines.length) {
            command.append(line, 0, line.length() - 1).append(' ');
            line = lines[++end].strip();
        }
        command.append(line);
        commands(command.toString(), start + 1, false);
        return end;
    }

    private void inlineSpans(String prose) {
        Matcher span = INLINE_SPAN.matcher(prose);
        while (span.find()) {
            if (!span.group(1).contains("\n\n")) {
                int line = 1 + (int) prose.substring(0, span.start()).chars().filter(c -> c == '\n').count();
                commands(span.group(1).replace('\n', ' '), line, true);
            }
        }
    }

    /** Adds each command of a shell line (commands joined by pipes or lists) that runs a program checked here. */
    private void commands(String text, int line, boolean inline) {
        List<String> segment = new ArrayList<>();
        for (Word word : words(expanded(text))) {
            if (!word.quoted() && List.of("|", "||", "&&", ";").contains(word.text())) {
                program(segment, text, line, inline);
                segment.clear();
            } else if (!word.quoted() && word.text().startsWith("#")) {
                break;
            } else {
                segment.add(word.quoted() ? "'" + word.text() : word.text());
            }
        }
        program(segment, text, line, inline);
    }

    /** The text with the page's shell variables in place of {@code $NAME}. */
    private String expanded(String text) {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                variables.getOrDefault(m.group(1), m.group())));
    }

    private void program(List<String> segment, String text, int line, boolean inline) {
        int first = 0;
        while (first < segment.size() && (ENVIRONMENT.matcher(segment.get(first).replaceFirst("^'", "")).matches()
                || segment.get(first).endsWith("$"))) {
            first++;
        }
        if (first == segment.size()) {
            for (String assignment : segment) { // NAME=value alone sets a variable
                String[] parts = assignment.replaceFirst("^'", "").split("=", 2);
                if (parts.length == 2) {
                    variables.put(parts[0], parts[1]);
                }
            }
            return;
        }
        String command = segment.get(first);
        Program program = null;
        int arguments = first + 1;
        if (command.equals("scripts/caption") || command.equals("caption")) {
            program = Program.CAPTION;
        } else if (command.equals("scripts/spark-caption")) {
            program = Program.SPARK_CAPTION;
        } else if (command.equals("java") || command.equals("spark-submit")) {
            for (int i = first + 1; i < segment.size() && program == null; i++) {
                if (segment.get(i).matches("\\S*/caption(-avx512|-cuda)?\\.jar")) {
                    program = Program.CAPTION;
                } else if (segment.get(i).endsWith("/caption-spark.jar")) {
                    program = Program.SPARK_CAPTION;
                }
                arguments = i + 1;
            }
        }
        if (program != null) {
            shown.add(new Shown(name, line, text.strip(), inline, program,
                    arguments(segment.subList(arguments, segment.size()))));
        }
    }

    /** The words a program receives: redirections gone, the optional brackets open, ellipses dropped. */
    private static List<String> arguments(List<String> words) {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("'")) {
                arguments.add(word.substring(1));
                continue;
            }
            Matcher redirection = REDIRECTION.matcher(word);
            if (redirection.lookingAt()) {
                if (redirection.end() == word.length() && !word.endsWith("&1") && !word.endsWith("&2")) {
                    i++; // the target is the next word
                }
                continue;
            }
            if (word.startsWith("[")) {
                word = word.substring(1);
            }
            while (word.endsWith("]") && count(word, ']') > count(word, '[')) {
                word = word.substring(0, word.length() - 1);
            }
            if (word.endsWith("...")) {
                word = word.substring(0, word.length() - 3);
            }
            if (!word.isEmpty()) {
                arguments.add(word);
            }
        }
        return arguments;
    }

    private static long count(String word, char c) {
        return word.chars().filter(x -> x == c).count();
    }

    static boolean isPlaceholder(String word) {
        return PLACEHOLDER.matcher(word).matches();
    }

    private record Word(String text, boolean quoted) {}

    /** Splits a shell line into words, as the shell would (single and double quotes, no expansion). */
    private static List<Word> words(String text) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(new Word(word.toString(), quoted));
                }
                word.setLength(0);
                quoted = false;
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(new Word(word.toString(), quoted));
        }
        return words;
    }
}
