package caption.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** The one Jackson configuration every JSON file of the project goes through. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    /** For one-object-per-line output. */
    public static final ObjectMapper COMPACT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A JSON object read as a map. */
    public static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> OBJECT =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private Json() {}

    public static void write(Path path, Object value) throws IOException {
        AtomicFiles.write(path, out -> MAPPER.writeValue(new NonClosing(out), value));
    }

    public static <T> T read(Path path, Class<T> type) throws IOException {
        return MAPPER.readValue(path.toFile(), type);
    }

    /** Jackson closes the stream it writes; AtomicFiles closes it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
