package caption.batch;

import caption.encoder.Features;
import caption.image.ImageDecoder;
import caption.image.ImagePreprocessor;
import caption.image.PreprocessConfig;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Captions a stream of image files in three stages that overlap: a bounded pool decodes (and
 * shrinks to the model's input size) the batches ahead, one thread encodes the next batch, and the
 * calling thread searches the current one; so at most a few batches of small images are held at
 * once. Results are written in input order, each as soon as its batch is done; a failure is a
 * result like any other and never stops the run.
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

    /** A batch's decoded images and what the model's first stage made of the good ones (null if none). */
    private record Encoded(List<Decoded> batch, Object encoded) {}

    /** Captions one model batch of decoded images, in order. */
    @FunctionalInterface
    public interface ModelCall {
        List<Caption> caption(List<BufferedImage> images);
    }

    /**
     * A model call in two stages, so that a batch is encoded while the one before it is searched.
     * Each stage is called from one thread at a time, the two stages from different threads.
     */
    public interface Stages<E> {
        /** The images' features, in order. */
        E encode(List<BufferedImage> images);

        /** The captions of encoded images, in order. */
        List<Caption> caption(E encoded);

        /**
         * Work that readies the second stage (its code compiled), run while the first batch is
         * encoded; it stops early once {@code encoded} says the batch is ready.
         */
        default void warmUp(BooleanSupplier encoded) {}
    }

    private final Stages<Object> model;
    private final Settings settings;
    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;

    public BatchCaptioner(CaptionModel model, SearchSettings search, Settings settings) {
        this(new Stages<Features>() {
            @Override
            public Features encode(List<BufferedImage> images) {
                return model.encoder().encode(images);
            }

            @Override
            public List<Caption> caption(Features features) {
                return model.captionFeatures(features, search, settings.attention(), settings.lstm());
            }

            @Override
            public void warmUp(BooleanSupplier encoded) {
                CaptionModel.warmUpSearch(encoded);
            }
        }, model.encoder().preprocess(), settings);
    }

    /** Images shrunk for {@code preprocess} and captioned by {@code model}, a batch at a time, in one stage. */
    public BatchCaptioner(ModelCall model, PreprocessConfig preprocess, Settings settings) {
        this(new Stages<List<BufferedImage>>() {
            @Override
            public List<BufferedImage> encode(List<BufferedImage> images) {
                return images;
            }

            @Override
            public List<Caption> caption(List<BufferedImage> images) {
                return model.caption(images);
            }
        }, preprocess, settings);
    }

    /** Images shrunk for {@code preprocess}, encoded and captioned by {@code model}'s stages. */
    @SuppressWarnings("unchecked")
    public BatchCaptioner(Stages<?> model, PreprocessConfig preprocess, Settings settings) {
        this.model = (Stages<Object>) model;
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
        ExecutorService pool = daemonThreads(settings.threads(), "caption-decode");
        ExecutorService encoder = daemonThreads(1, "caption-encode");
        try {
            Iterator<ImageFiles.Entry> it = files.iterator();
            Deque<List<Future<Decoded>>> decoding = new ArrayDeque<>();
            decodeAhead(pool, it, done, counts, decoding);
            Future<Encoded> current = encodeNext(encoder, decoding);
            model.warmUp(current::isDone); // this thread would otherwise wait for the first batch's encoding
            while (current != null) {
                decodeAhead(pool, it, done, counts, decoding);
                Future<Encoded> next = encodeNext(encoder, decoding); // encoded while this batch is searched
                for (Caption result : caption(await(current))) {
                    counts[result.ok() ? 0 : 1]++;
                    onResult.accept(result);
                }
                current = next;
            }
        } finally {
            pool.shutdownNow();
            encoder.shutdownNow();
        }
        return new Summary(counts[0], counts[1], counts[2], (System.nanoTime() - start) / 1e9);
    }

    /** Receives each result in order. */
    @FunctionalInterface
    public interface ResultHandler {
        void accept(Caption result) throws IOException;
    }

    private static ExecutorService daemonThreads(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Keeps {@code max(2, threads)} batches beyond the one being encoded submitted for decoding, as
     * many images as the pool decoded ahead of the model before the encoding overlapped the search.
     */
    private void decodeAhead(ExecutorService pool, Iterator<ImageFiles.Entry> it, Set<String> done, int[] counts,
            Deque<List<Future<Decoded>>> decoding) {
        while (decoding.size() <= Math.max(2, settings.threads()) && it.hasNext()) {
            List<Future<Decoded>> batch = submit(pool, it, settings.batchSize(), done, counts);
            if (!batch.isEmpty()) {
                decoding.add(batch);
            }
        }
    }

    private Future<Encoded> encodeNext(ExecutorService encoder, Deque<List<Future<Decoded>>> decoding) {
        List<Future<Decoded>> batch = decoding.poll();
        return batch == null ? null : encoder.submit(() -> encode(collect(batch)));
    }

    private Encoded encode(List<Decoded> batch) {
        List<BufferedImage> images = batch.stream().filter(d -> d.error() == null).map(Decoded::image).toList();
        return new Encoded(batch, images.isEmpty() ? null : model.encode(images));
    }

    /** The stage's result; its failure (the model's, as an unchecked exception) rethrown here. */
    private static Encoded await(Future<Encoded> encoding) throws InterruptedException {
        try {
            return encoding.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("encoding failed", e.getCause());
        }
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

    /** Results for a batch in its order: failures as they are, the good images captioned by the model's second stage. */
    private List<Caption> caption(Encoded encoded) {
        List<Decoded> batch = encoded.batch();
        List<Caption> captions = encoded.encoded() == null ? List.of() : model.caption(encoded.encoded());
        List<Caption> results = new ArrayList<>();
        int next = 0;
        for (Decoded d : batch) {
            String path = d.entry().path().toString();
            results.add(d.error() != null ? Caption.failed(path, d.error()) : captions.get(next++).from(path));
        }
        return results;
    }
}
