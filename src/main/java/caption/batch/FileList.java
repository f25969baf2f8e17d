package caption.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --files-from LIST}: the images (or folders) to caption, one path a line, from a file or
 * {@code -} for standard input. Blank lines are skipped; a line is otherwise taken as it is (spaces
 * included), less a trailing carriage return.
 */
public final class FileList {

    private FileList() {}

    /** The paths in {@code source} ({@code -}: {@code stdin}). */
    public static List<Path> read(String source, InputStream stdin) throws IOException {
        if (source.equals("-")) {
            return read(new InputStreamReader(stdin, StandardCharsets.UTF_8), "standard input");
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(source, null, Files.isDirectory(file) ? "is a folder, not a list" : "no such file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, source);
        }
    }

    static List<Path> read(Reader reader, String name) throws IOException {
        List<Path> paths = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                paths.add(Path.of(line));
            } catch (InvalidPathException e) {
                throw new IOException(name + ", line " + number + ": not a path (" + e.getReason() + ")");
            }
        }
        return paths;
    }
}
