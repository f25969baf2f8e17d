package caption.batch;

import java.io.Closeable;
import java.io.IOException;

/** Where a run's results go, one at a time in input order: a {@link ResultSink} or {@link CocoResults}. */
public interface ResultWriter extends Closeable {

    void write(ResultFormat.Result result) throws IOException;
}
