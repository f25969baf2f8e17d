package caption.batch;

import caption.model.Caption;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where results go, one flushed line each, so that an interrupted run leaves a valid file. A file
 * output can be resumed: the images it already holds captions for are skipped and new lines are
 * appended after the last complete one.
 */
public final class ResultSink implements ResultWriter {

    private final ResultFormat format;
    private final Writer out;
    private final boolean ownsWriter;

    private ResultSink(ResultFormat format, Writer out, boolean ownsWriter) {
        this.format = format;
        this.out = out;
        this.ownsWriter = ownsWriter;
    }

    /** Results to a writer the caller owns (stdout); a header first if the format has one. */
    public static ResultSink to(ResultFormat format, PrintWriter out) throws IOException {
        ResultSink sink = new ResultSink(format, out, false);
        sink.writeHeader();
        return sink;
    }

    /** A new output file (replacing an old one). */
    public static ResultSink create(ResultFormat format, Path file) throws IOException {
        ResultSink sink = new ResultSink(format, Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        sink.writeHeader();
        return sink;
    }

    /** Appends to an existing output file after cutting off a line an interrupted run left half-written. */
    public static ResultSink append(ResultFormat format, Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return create(format, file);
        }
        cutPartialLastLine(file);
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new ResultSink(format, writer, true);
    }

    /** The images an output file already holds captions for. */
    public static Set<String> captionedImages(ResultFormat format, Path file) throws IOException {
        Set<String> done = new HashSet<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                format.captionedImage(line).ifPresent(done::add);
            }
        }
        return done;
    }

    private static void cutPartialLastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel()) {
            long end = raf.length();
            long keep = end;
            while (keep > 0) {
                raf.seek(keep - 1);
                if (raf.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                channel.truncate(keep);
            }
        }
    }

    private void writeHeader() throws IOException {
        if (format.header().isPresent()) {
            out.write(format.header().get());
            out.write('\n');
            out.flush();
        }
    }

    @Override
    public synchronized void write(Caption result) throws IOException {
        out.write(format.line(result));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (ownsWriter) {
            out.close();
        } else {
            out.flush();
        }
    }
}
