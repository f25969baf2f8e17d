package caption.batch;

import caption.image.ImageDecoder;
import caption.image.ImagePreprocessor;
import caption.image.PreprocessConfig;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Captions a stream of image files: a bounded pool decodes (and shrinks to the model's input size)
 * one chunk while the model captions the previous one, so at most two chunks of small images are
 * held at once. Results are written in input order, each as soon as its chunk is done; a failure is
 * a result like any other and never stops the run.
 */
public final class BatchCaptioner {

    /** How the work is divided, and the replays asked of the model (attention maps, LSTM traces). */
    public record Settings(int threads, int batchSize, long maxPixels, boolean attention, boolean lstm) {
        public Settings {
            if (threads < 1 || batchSize < 1 || maxPixels < 1) {
                throw new IllegalArgumentException("threads, batch size and pixel limit must be positive");
            }
        }

        /** Settings without LSTM traces. */
        public Settings(int threads, int batchSize, long maxPixels, boolean attention) {
            this(threads, batchSize, maxPixels, attention, false);
        }

        /** Settings without attention maps. */
        public Settings(int threads, int batchSize, long maxPixels) {
            this(threads, batchSize, maxPixels, false);
        }
    }

    /** What a run did. */
    public record Summary(int captioned, int failed, int skipped, double seconds) {
        public double imagesPerSecond() {
            return seconds > 0 ? (captioned + failed) / seconds : 0;
        }
    }

    /** A decoded image ready for the model, or why it could not be. */
    private record Decoded(ImageFiles.Entry entry, BufferedImage image, String error) {}

    /** Captions one model batch of decoded images, in order. */
    @FunctionalInterface
    public interface ModelCall {
        List<Caption> caption(List<BufferedImage> images);
    }

    private final ModelCall model;
    private final Settings settings;
    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;

    public BatchCaptioner(CaptionModel model, SearchSettings search, Settings settings) {
        this(images -> model.caption(images, search, settings.attention(), settings.lstm()), model.encoder().preprocess(),
                settings);
    }

    /** Images shrunk for {@code preprocess} and captioned by {@code model}, a batch at a time. */
    public BatchCaptioner(ModelCall model, PreprocessConfig preprocess, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.decoder = new ImageDecoder(settings.maxPixels());
        this.preprocessor = new ImagePreprocessor(preprocess);
    }

    /**
     * @param done images to skip (already in a resumed output)
     * @param onResult called in input order for each result (written, reported, counted)
     */
    public Summary run(Iterable<ImageFiles.Entry> files, Set<String> done, ResultHandler onResult)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        int[] counts = new int[3];
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "caption-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            Iterator<ImageFiles.Entry> it = files.iterator();
            int chunk = settings.batchSize() * Math.max(2, settings.threads());
            List<Future<Decoded>> current = submit(pool, it, chunk, done, counts);
            while (!current.isEmpty()) {
                List<Future<Decoded>> next = submit(pool, it, chunk, done, counts); // decoded while this chunk is captioned
                for (Caption result : caption(collect(current))) {
                    counts[result.ok() ? 0 : 1]++;
                    onResult.accept(result);
                }
                current = next;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(counts[0], counts[1], counts[2], (System.nanoTime() - start) / 1e9);
    }

    /** Receives each result in order. */
    @FunctionalInterface
    public interface ResultHandler {
        void accept(Caption result) throws IOException;
    }

    private List<Future<Decoded>> submit(ExecutorService pool, Iterator<ImageFiles.Entry> it, int chunk,
            Set<String> done, int[] counts) {
        List<Future<Decoded>> futures = new ArrayList<>();
        while (futures.size() < chunk && it.hasNext()) {
            ImageFiles.Entry entry = it.next();
            if (done.contains(entry.path().toString())) {
                counts[2]++;
                continue;
            }
            futures.add(pool.submit(() -> decode(entry)));
        }
        return futures;
    }

    private Decoded decode(ImageFiles.Entry entry) {
        if (entry.problem() != null) {
            return new Decoded(entry, null, entry.path() + ": " + entry.problem());
        }
        try {
            return new Decoded(entry, preprocessor.resize(decoder.decode(entry.path())), null);
        } catch (ImageDecoder.ImageException e) {
            return new Decoded(entry, null, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Decoded(entry, null, entry.path() + ": cannot be decoded (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<Decoded> collect(List<Future<Decoded>> futures) throws InterruptedException {
        List<Decoded> decoded = new ArrayList<>();
        for (Future<Decoded> f : futures) {
            try {
                decoded.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("decoding task failed", e.getCause()); // decode() catches everything
            }
        }
        return decoded;
    }

    /** Results for a chunk in its order; the good images captioned in model batches. */
    private List<Caption> caption(List<Decoded> chunk) {
        Caption[] results = new Caption[chunk.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Decoded d = chunk.get(i);
            if (d.error() != null) {
                results[i] = Caption.failed(d.entry().path().toString(), d.error());
            } else {
                pending.add(i);
            }
        }
        for (int from = 0; from < pending.size(); from += settings.batchSize()) {
            List<Integer> batch = pending.subList(from, Math.min(pending.size(), from + settings.batchSize()));
            captionBatch(chunk, batch, r -> results[r.index()] = r.result());
        }
        return List.of(results);
    }

    private record Indexed(int index, Caption result) {}

    private void captionBatch(List<Decoded> chunk, List<Integer> batch, Consumer<Indexed> out) {
        List<BufferedImage> images = batch.stream().map(i -> chunk.get(i).image()).toList();
        List<Caption> captions = model.caption(images);
        for (int k = 0; k < batch.size(); k++) {
            int i = batch.get(k);
            out.accept(new Indexed(i, captions.get(k).from(chunk.get(i).entry().path().toString())));
        }
    }
}
