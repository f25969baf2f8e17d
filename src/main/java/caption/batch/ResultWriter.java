package caption.batch;

import caption.model.Caption;
import java.io.Closeable;
import java.io.IOException;

/** Where a run's captions go, one at a time in input order: a {@link ResultSink} or {@link CocoResults}. */
public interface ResultWriter extends Closeable {

    void write(Caption result) throws IOException;
}
