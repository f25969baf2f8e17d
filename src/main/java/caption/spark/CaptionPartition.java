package caption.spark;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.model.Caption;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Captions one partition of {@code (path, content)} rows a model batch at a time, lazily: only one
 * batch of images is held, and each output row leaves as soon as its batch is done. An image that
 * cannot be decoded, or a batch the model fails on, becomes rows with an error; the task never
 * fails for an image.
 */
public final class CaptionPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** What the executors need to caption, all plain values. */
    public record Settings(String model, boolean shippedModel, String shippedWeights, CaptionOptions options)
            implements Serializable {}

    private final Settings settings;
    private final LongAccumulator captioned;
    private final LongAccumulator failed;

    public CaptionPartition(Settings settings, LongAccumulator captioned, LongAccumulator failed) {
        this.settings = settings;
        this.captioned = captioned;
        this.failed = failed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        Captioner captioner = captioner();
        CaptionOptions options = settings.options();
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && input.hasNext()) {
                    batch = captionBatch(captioner, options, input).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    private Captioner captioner() throws Exception {
        if (settings.shippedWeights() != null) {
            System.setProperty(Captioner.ENCODER_WEIGHTS_PROPERTY, SparkFiles.get(settings.shippedWeights()));
        }
        String model = settings.shippedModel() ? SparkFiles.get(settings.model()) : settings.model();
        return ExecutorCaptioners.get(model, executorCores());
    }

    /** The cores this executor was given; all of the machine's when Spark does not say. */
    private static int executorCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        SparkEnv env = SparkEnv.get();
        return env == null ? cores : Math.max(1, Math.min(cores, env.conf().getInt("spark.executor.cores", cores)));
    }

    private List<Row> captionBatch(Captioner captioner, CaptionOptions options, Iterator<Row> input) {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        while (names.size() < options.batchSize() && input.hasNext()) {
            Row row = input.next();
            names.add(row.getString(0));
            contents.add((byte[]) row.get(1));
        }
        List<Caption> captions;
        try {
            captions = captioner.captionEncoded(names, contents, options);
        } catch (RuntimeException batchFailed) {
            captions = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                captions.add(one(captioner, options, names.get(i), contents.get(i)));
            }
        }
        List<Row> rows = new ArrayList<>(captions.size());
        for (Caption c : captions) {
            if (c.ok()) {
                captioned.add(1);
                rows.add(CaptionRows.captioned(c.source(), c.text(), c.score()));
            } else {
                failed.add(1);
                rows.add(CaptionRows.failed(c.source(), c.error()));
            }
        }
        return rows;
    }

    /** One image alone, after its batch failed: its own error, if it has one. */
    private static Caption one(Captioner captioner, CaptionOptions options, String name, byte[] content) {
        try {
            return captioner.captionEncoded(List.of(name), List.of(content), options).get(0);
        } catch (RuntimeException e) {
            return Caption.failed(name, name + ": captioning failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    /** The reason given for a file too large to read into memory. */
    static String tooLarge(String path, long length, long limit) {
        return path + ": " + length + " bytes is over the limit of " + limit + " bytes per file";
    }
}
