package caption.memory;

import caption.data.Vocabulary;
import caption.image.ImageDecoder;
import caption.image.ImagePreprocessor;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.model.LstmView;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Captions images a model batch at a time, as {@code caption} does, and records the LSTM's states
 * over each best caption; given reference captions, also its states reading them by teacher forcing.
 */
public final class MemoryRecorder {

    /** An image to caption and its reference captions (none for plain images). */
    public record Item(Path image, List<String> references) {
        public Item {
            if (image == null) {
                throw new IllegalArgumentException("an item needs its image");
            }
            references = List.copyOf(references);
        }
    }

    /** The rows recorded; {@code references} is null when no item had any. */
    public record Recording(StateRows generated, StateRows references, int failed) {}

    private final CaptionModel model;
    private final SearchSettings search;
    private final int batchSize;
    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;

    public MemoryRecorder(CaptionModel model, SearchSettings search, int batchSize, long maxPixels) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.model = model;
        this.search = search;
        this.batchSize = batchSize;
        this.decoder = new ImageDecoder(maxPixels);
        this.preprocessor = new ImagePreprocessor(model.encoder().preprocess());
    }

    /** Records every item in order; an image that cannot be read is reported to {@code problems} and skipped. */
    public Recording record(List<Item> items, Consumer<String> problems, Runnable step) {
        int cells = model.config().decoder().hiddenSize();
        StateRows generated = new StateRows(cells);
        StateRows references = new StateRows(cells);
        Vocabulary vocabulary = model.vocabulary();
        int failed = 0;
        for (int from = 0; from < items.size(); from += batchSize) {
            List<Item> batch = items.subList(from, Math.min(items.size(), from + batchSize));
            List<BufferedImage> images = new ArrayList<>();
            List<Item> read = new ArrayList<>();
            for (Item item : batch) {
                try {
                    images.add(preprocessor.resize(decoder.decode(item.image())));
                    read.add(item);
                } catch (IOException | RuntimeException e) {
                    problems.accept(e instanceof ImageDecoder.ImageException ? e.getMessage()
                            : item.image() + ": cannot be decoded (" + e.getClass().getSimpleName() + ")");
                    failed++;
                }
            }
            if (!images.isEmpty()) {
                recordBatch(images, read, generated, references, vocabulary);
            }
            batch.forEach(i -> step.run());
        }
        return new Recording(generated, references.size() == 0 ? null : references, failed);
    }

    private void recordBatch(List<BufferedImage> images, List<Item> items, StateRows generated, StateRows references,
            Vocabulary vocabulary) {
        List<Caption> captions = model.caption(images, search, false, true);
        for (int i = 0; i < captions.size(); i++) {
            LstmView view = captions.get(i).lstm();
            if (view == null) {
                throw new IllegalStateException("the model's decoder shows no LSTM to record");
            }
            generated.add(items.get(i).image().toString(), view, vocabulary::id);
        }
        if (items.stream().anyMatch(i -> !i.references().isEmpty())) {
            List<List<LstmView>> read = model.read(images, items.stream().map(Item::references).toList());
            for (int i = 0; i < read.size(); i++) {
                for (LstmView view : read.get(i)) {
                    references.add(items.get(i).image().toString(), view, vocabulary::id);
                }
            }
        }
    }
}
