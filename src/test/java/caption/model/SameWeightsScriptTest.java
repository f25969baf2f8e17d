package caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/same-weights on the bundled shapes model: a copy with another provenance has the same
 * weights, a copy with one changed float does not, and the entry that differs is named.
 */
class SameWeightsScriptTest {

    private static final Path MODEL = Path.of("pretrained/shapes-show-tell.zip");

    @Test
    void anotherProvenanceIsTheSameWeightsAndOneChangedFloatIsNot(@TempDir Path dir) throws Exception {
        Path redated = copy(MODEL, dir.resolve("redated.zip"),
                (name, bytes) -> name.equals("provenance.json") ? "{\"date\" : \"another day\"}".getBytes() : bytes);
        Path changed = copy(MODEL, dir.resolve("changed.zip"), (name, bytes) -> {
            if (name.equals("decoder/out_b.npy")) {
                bytes[bytes.length - Float.BYTES] ^= 1; // the lowest bit of the last float (little-endian)
            }
            return bytes;
        });

        Run same = run(MODEL, redated);
        Run differs = run(MODEL, changed);

        assertEquals(0, same.status(), same.out());
        assertTrue(same.out().startsWith("same weights"), same.out());
        assertEquals(1, differs.status(), differs.out());
        assertEquals("differs: decoder/out_b.npy", differs.out().strip());
        assertEquals(2, run(MODEL, dir.resolve("absent.zip")).status(), "a missing file is bad usage");
    }

    /** A copy of a zip file with each entry's bytes passed through {@code edit}. */
    private static Path copy(Path from, Path to, BiFunction<String, byte[], byte[]> edit) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                try (InputStream bytes = in.getInputStream(entry)) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(edit.apply(entry.getName(), bytes.readAllBytes()));
                    out.closeEntry();
                }
            }
        }
        return to;
    }

    private record Run(int status, String out) {}

    private static Run run(Path a, Path b) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "scripts/same-weights", a.toString(), b.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), "the script ends");
        return new Run(process.exitValue(), out);
    }
}
