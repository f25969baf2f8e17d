package caption.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a path written with Jackson's {@code ToStringSerializer}: a path in a run record stays as it
 * was given, relative or not, where Jackson's default would turn it into an absolute file: URI.
 */
final class PathFromText extends StdScalarDeserializer<Path> {

    PathFromText() {
        super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return Path.of(parser.getValueAsString());
    }
}
