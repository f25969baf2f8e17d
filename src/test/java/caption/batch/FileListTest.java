package caption.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListTest {

    @Test
    void onePath_aLine_fromAFileOrStandardInput(@TempDir Path dir) throws IOException {
        String text = "a/one.jpg\r\n\n  \nb/with space.png\n/abs/three.gif";
        List<Path> expected = List.of(Path.of("a/one.jpg"), Path.of("b/with space.png"), Path.of("/abs/three.gif"));
        Path list = Files.writeString(dir.resolve("list.txt"), text);
        assertEquals(expected, FileList.read(list.toString(), InputStreamNone.INSTANCE));
        assertEquals(expected, FileList.read("-", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aMissingListOrAFolderIsAnError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> FileList.read(dir.resolve("none.txt").toString(), InputStreamNone.INSTANCE));
        assertThrows(IOException.class, () -> FileList.read(dir.toString(), InputStreamNone.INSTANCE));
    }

    /** Standard input that must not be read. */
    private static final class InputStreamNone extends java.io.InputStream {
        static final InputStreamNone INSTANCE = new InputStreamNone();

        @Override
        public int read() {
            throw new AssertionError("standard input read");
        }
    }
}
