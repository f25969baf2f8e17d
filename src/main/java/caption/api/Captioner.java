package caption.api;

import caption.batch.BatchCaptioner;
import caption.encoder.Features;
import caption.encoder.ImageNetWeights;
import caption.image.ImageDecoder;
import caption.image.ImagePreprocessor;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * A captioning model loaded once, for any number of images:
 * <pre>{@code
 * Captioner captioner = Captioner.load("shapes");
 * Caption caption = captioner.caption(Path.of("scene.png"));
 * }</pre>
 * Thread safety: a Captioner may be shared by any number of threads. Images are decoded on the
 * calling thread; calls into the model are serialised (one model batch already uses every core),
 * so for throughput pass many images to one {@link #captionAll} call rather than one per thread.
 * A folder run ({@link #batch}) encodes its next batch while the model searches the current one.
 */
public final class Captioner {

    /**
     * The system property naming the encoder's ImageNet weights file, for a JVM whose environment
     * cannot carry {@code CAPTION_ENCODER_WEIGHTS} (a Spark executor); set before {@link #load}.
     */
    public static final String ENCODER_WEIGHTS_PROPERTY = ImageNetWeights.PROPERTY;

    private final String name;
    private final Path file;
    private final CaptionModel model;
    private final ImagePreprocessor preprocessor;
    /** The model's two stages, taken in this order by a whole call: a folder run overlaps them. */
    private final ReentrantLock encoderLock = new ReentrantLock();
    private final ReentrantLock modelLock = new ReentrantLock();

    private Captioner(String name, Path file, CaptionModel model) {
        this.name = name;
        this.file = file;
        this.model = model;
        this.preprocessor = new ImagePreprocessor(model.encoder().preprocess());
    }

    /** A bundled model by name ({@code shapes}, {@code flickr8k}) or a model file, with default runtime settings. */
    public static Captioner load(String nameOrPath) throws CaptionException {
        return load(nameOrPath, RuntimeSettings.defaults());
    }

    /** As {@link #load(String)}, after applying {@code runtime} to this JVM. */
    public static Captioner load(String nameOrPath, RuntimeSettings runtime) throws CaptionException {
        runtime.apply();
        try {
            Path file = ModelRegistry.resolve(nameOrPath);
            return new Captioner(nameOrPath, file, ModelFile.load(file));
        } catch (IOException e) {
            throw new CaptionException(e.getMessage());
        }
    }

    public ModelInfo info() {
        var decoder = model.config().decoder();
        SearchSettings search = model.config().search();
        return new ModelInfo(name, file.toString(), decoder.type(), decoder.vocabularySize(),
                decoder.decoderType().attends(), search.beamSize(), search.maxLength(), model.provenance());
    }

    /**
     * The search {@code options} ask of this model, its own search where they leave a value unset.
     *
     * @throws IllegalArgumentException when they contradict the model's own search (a minimum length
     *     over its maximum length, say), in one line
     */
    public SearchSettings search(CaptionOptions options) {
        return options.search(model.config().search());
    }

    /** The best caption of an image file with the model's own search. */
    public Caption caption(Path image) throws CaptionException {
        return caption(image, CaptionOptions.defaults());
    }

    /** The caption of an image file; an unreadable or refused file throws, naming it and the reason. */
    public Caption caption(Path image, CaptionOptions options) throws CaptionException {
        BufferedImage decoded;
        try {
            decoded = new ImageDecoder(options.maxPixels()).decode(image);
        } catch (IOException e) {
            throw new CaptionException(e.getMessage());
        }
        return captionDecoded(List.of(preprocessor.resize(decoded)), List.of(image.toString()), options).get(0);
    }

    public Caption caption(BufferedImage image) {
        return caption(image, CaptionOptions.defaults());
    }

    public Caption caption(BufferedImage image, CaptionOptions options) {
        return captionImages(List.of(image), options).get(0);
    }

    /** Captions of in-memory images, in order; their sources are "image 0", "image 1", ... */
    public List<Caption> captionImages(List<BufferedImage> images, CaptionOptions options) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            sources.add("image " + i);
        }
        List<Caption> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += options.batchSize()) {
            int to = Math.min(images.size(), from + options.batchSize());
            List<BufferedImage> resized = images.subList(from, to).stream().map(preprocessor::resize).toList();
            out.addAll(captionDecoded(resized, sources.subList(from, to), options));
        }
        return out;
    }

    /**
     * Captions of image files, in order, a model batch at a time; a file that cannot be read gets a
     * {@link Caption} with its error and the others go on.
     */
    public List<Caption> captionAll(List<Path> images, CaptionOptions options) {
        ImageDecoder decoder = new ImageDecoder(options.maxPixels());
        return captionEach(images.size(), i -> images.get(i).toString(), i -> decoder.decode(images.get(i)), options);
    }

    /**
     * Captions of encoded image files read elsewhere (a Hadoop file system, an archive), in order:
     * {@code contents.get(i)} holds the bytes of the file named {@code names.get(i)}, which becomes
     * its caption's source. An image that cannot be decoded gets a {@link Caption} with its error.
     */
    public List<Caption> captionEncoded(List<String> names, List<byte[]> contents, CaptionOptions options) {
        if (names.size() != contents.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + contents.size() + " images");
        }
        ImageDecoder decoder = new ImageDecoder(options.maxPixels());
        return captionEach(names.size(), names::get, i -> decoder.decode(names.get(i), contents.get(i)), options);
    }

    @FunctionalInterface
    private interface Decode {
        BufferedImage image(int index) throws IOException;
    }

    private List<Caption> captionEach(int count, IntFunction<String> source, Decode decode, CaptionOptions options) {
        List<Caption> out = new ArrayList<>();
        for (int from = 0; from < count; from += options.batchSize()) {
            int to = Math.min(count, from + options.batchSize());
            Caption[] results = new Caption[to - from];
            List<BufferedImage> decoded = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = from; i < to; i++) {
                try {
                    decoded.add(preprocessor.resize(decode.image(i))); // a batch of full-size photos would be large
                    sources.add(source.apply(i));
                    at.add(i - from);
                } catch (IOException | RuntimeException e) {
                    results[i - from] = Caption.failed(source.apply(i), oneLine(source.apply(i), e));
                }
            }
            List<Caption> captions = captionDecoded(decoded, sources, options);
            for (int k = 0; k < at.size(); k++) {
                results[at.get(k)] = captions.get(k);
            }
            out.addAll(List.of(results));
        }
        return out;
    }

    /**
     * A folder run's engine (decoding in parallel with captioning, results in input order) whose
     * model calls share this Captioner's lock.
     */
    public BatchCaptioner batch(CaptionOptions options, int decodeThreads) {
        SearchSettings search = search(options);
        BatchCaptioner.Stages<Features> stages = new BatchCaptioner.Stages<>() {
            @Override
            public Features encode(List<BufferedImage> images) {
                return locked(encoderLock, () -> model.encoder().encode(images));
            }

            @Override
            public List<Caption> caption(Features features) {
                return locked(modelLock, () -> model.captionFeatures(features, search, options.attention(), options.lstm()));
            }

            @Override
            public void warmUp(BooleanSupplier encoded) {
                CaptionModel.warmUpSearch(encoded);
            }
        };
        return new BatchCaptioner(stages, model.encoder().preprocess(), new BatchCaptioner.Settings(decodeThreads,
                options.batchSize(), options.maxPixels(), options.attention(), options.lstm()));
    }

    /** Captions of images already shrunk to the encoder's input size. */
    private List<Caption> captionDecoded(List<BufferedImage> images, List<String> sources, CaptionOptions options) {
        if (images.isEmpty()) {
            return List.of();
        }
        List<Caption> captions = locked(images, search(options), options);
        List<Caption> out = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            out.add(captions.get(i).from(sources.get(i)).keepingBest(options.nBest()));
        }
        return out;
    }

    private List<Caption> locked(List<BufferedImage> images, SearchSettings search, CaptionOptions options) {
        return locked(encoderLock, () -> locked(modelLock,
                () -> model.caption(images, search, options.attention(), options.lstm())));
    }

    private static <T> T locked(ReentrantLock lock, java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static String oneLine(String path, Exception e) {
        if (e instanceof ImageDecoder.ImageException) {
            return e.getMessage();
        }
        return path + ": cannot be decoded (" + e.getClass().getSimpleName() + ")";
    }
}
