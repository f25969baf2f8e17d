package caption.bench;

import caption.batch.BatchCaptioner;
import caption.batch.ImageFiles;
import caption.batch.ResultFormat;
import caption.batch.ResultSink;
import caption.data.Vocabulary;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderType;
import caption.decoder.FeatureScaler;
import caption.encoder.Features;
import caption.image.ImageDecoder;
import caption.image.ImagePreprocessor;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.search.BeamSearch;
import caption.search.CaptionSearch;
import caption.search.EnsembleSteps;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import caption.search.StepFunction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where a photo's time goes on the folder path, stage by stage, beside each stage's floor: its
 * arithmetic at the product rate or its memory traffic at a copy or read rate, all measured in the
 * same run ({@link MachineRates}). The stages run one after another on one thread, a model batch at a
 * time, with the components the folder path uses: {@link ImageDecoder}, {@link ImagePreprocessor},
 * the model's encoder, the search as {@link CaptionModel#captionFeatures} runs it (a model batch's
 * images stepping together, every ensemble member's step function timed apart inside the ensemble;
 * its captions are checked against the model's own call, which is timed too) and the JSON lines (or
 * TSV) the CLI writes. A last row runs the same photos through {@link BatchCaptioner} as
 * {@code caption --json DIR} does, decoding beside the model.
 */
public final class FolderProfile {

    /** One row: a stage's time per photo, its floor per photo (NaN: none) and how the floor was found. */
    public record Stage(String name, double msPerPhoto, double floorMsPerPhoto, String floor) {}

    /** A run's rows and the facts its floors rest on. */
    public record Report(List<String> facts, List<Stage> stages) {

        /** The facts as lines, then the rows as a Markdown table. */
        public String table() {
            StringBuilder out = new StringBuilder();
            facts.forEach(f -> out.append(f).append('\n'));
            out.append("\n| stage | ms/photo | floor ms/photo | floor from |\n| --- | ---: | ---: | --- |\n");
            for (Stage s : stages) {
                out.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s |%n", s.name(), s.msPerPhoto(),
                        Double.isNaN(s.floorMsPerPhoto()) ? "" : String.format(Locale.ROOT, "%.3f", s.floorMsPerPhoto()),
                        s.floor()));
            }
            return out.toString();
        }
    }

    /**
     * Decoding: an 8 x 8 inverse DCT is 16 multiply-adds a sample done as rows then columns, and 4:2:0
     * JPEG has 1.5 samples a pixel; colour conversion about 9 flops a pixel. Entropy decoding is not
     * counted.
     */
    private static final double DECODE_FLOPS_PER_PIXEL = 1.5 * 32 + 9;

    private static final String MODEL_SEARCH = "search and replay as the folder path calls them (CaptionModel.captionFeatures)";

    private final CaptionModel model;
    private final SearchSettings search;
    private final int batchSize;
    private final boolean json;
    private final MachineRates rates;
    private final double encoderFlops;
    private final List<CaptionDecoder> decoders = new ArrayList<>();
    private final List<FeatureScaler> scalers = new ArrayList<>();
    private final List<DecoderCost> costs = new ArrayList<>();

    /**
     * @param json JSON lines with each caption's attention (an attention model replays its best caption),
     *     as {@code caption --json DIR}; else TSV, as {@code caption DIR}
     */
    public FolderProfile(CaptionModel model, SearchSettings search, int batchSize, boolean json, MachineRates rates) {
        this.model = model;
        this.search = search;
        this.batchSize = batchSize;
        this.json = json;
        this.rates = rates;
        this.encoderFlops = EncoderCost.convolutionFlops(model.encoder());
        decoders.add(model.decoder());
        scalers.add(model.scaler());
        for (CaptionModel.Member m : model.ensemble()) {
            decoders.add(m.decoder());
            scalers.add(m.scaler());
        }
        decoders.forEach(d -> costs.add(DecoderCost.of(d)));
        rates.readRate(stepBytes()); // measured before the stages are timed
        rates.readRate(costs.get(0).stepWeightBytes() + costs.get(0).rowBytes());
    }

    /** What a search step reads: every member's step weights and the beam's rows of grid and projection. */
    private long stepBytes() {
        long bytes = 0;
        for (DecoderCost cost : costs) {
            bytes += cost.stepWeightBytes() + (long) search.beamSize() * cost.rowBytes();
        }
        return bytes;
    }

    /** Profiles {@code photos} after a pass over the first {@code warmUp} of them, writing into {@code scratch}. */
    public Report run(List<Path> photos, int warmUp, Path scratch) throws IOException, InterruptedException {
        List<Path> first = photos.subList(0, Math.min(warmUp, photos.size()));
        pass(first, new Tallies(), scratch.resolve("warm-up." + extension()));
        folderRun(first, scratch.resolve("warm-up-folder." + extension()));
        String load = loadAverage();
        Tallies t = new Tallies();
        pass(photos, t, scratch.resolve("profile." + extension()));
        double folderSeconds = folderRun(photos, scratch.resolve("folder." + extension()));
        return new Report(facts(photos.size(), first.size(), t, load), stages(photos.size(), t, folderSeconds));
    }

    private String extension() {
        return json ? "jsonl" : "tsv";
    }

    /** What one pass counted beside the stages' times. */
    private final class Tallies {
        final Map<String, Tally> stages = new LinkedHashMap<>();
        long words;
        long searches;
        long memberRowSteps;
        long steps;
        int widestStep;
        long mismatches;

        Tally get(String name) {
            return stages.computeIfAbsent(name, Tally::new);
        }
    }

    /** A stage's time and the work bounding it: flops at the product rate, bytes at a measured byte rate. */
    private static final class Tally {
        final String name;
        long nanos;
        double flops;
        double bytes;
        double byteRate;
        String flopsWhat = "";
        String bytesWhat = "";

        Tally(String name) {
            this.name = name;
        }

        void time(long start) {
            nanos += System.nanoTime() - start;
        }

        void bytes(double count, double rate, String what) {
            bytes += count;
            byteRate = rate;
            bytesWhat = what;
        }

        void flops(double count, String what) {
            flops += count;
            flopsWhat = what;
        }
    }

    private void pass(List<Path> photos, Tallies t, Path out) throws IOException {
        ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.encoder().preprocess());
        int size = preprocessor.config().size();
        double traffic = rates.trafficBytesPerSecond();
        Tally read = t.get("read (file bytes)");
        Tally decode = t.get("decode (JPEG to RGB)");
        Tally resize = t.get("resize to " + size + " px");
        Tally pre = t.get("preprocess (float NCHW, mean, scale)");
        Tally encoder = t.get("encoder");
        Tally output = new Tally("output (" + (json ? "JSON lines" : "TSV") + " formatted, written)");
        try (ResultSink sink = ResultSink.create(json ? ResultFormat.JSONL : ResultFormat.TSV, out)) {
            for (int from = 0; from < photos.size(); from += batchSize) {
                List<Path> batch = photos.subList(from, Math.min(photos.size(), from + batchSize));
                List<BufferedImage> resized = new ArrayList<>();
                for (Path photo : batch) {
                    long start = System.nanoTime();
                    byte[] bytes = ImageDecoder.readBytes(photo);
                    read.time(start);
                    read.bytes(2.0 * bytes.length, traffic, "the file copied from the page cache");
                    start = System.nanoTime();
                    BufferedImage image = decoder.decode(photo.toString(), bytes);
                    decode.time(start);
                    double pixels = (double) image.getWidth() * image.getHeight();
                    decode.flops(DECODE_FLOPS_PER_PIXEL * pixels,
                            "8 x 8 inverse DCTs of 4:2:0 samples, colour conversion: 57 a pixel; entropy decoding not counted");
                    decode.bytes(bytes.length + 4.0 * pixels, traffic, "the file read, RGB pixels written");
                    start = System.nanoTime();
                    resized.add(preprocessor.resize(image));
                    resize.time(start);
                    resize.flops(3.0 * 8 * size * size, "bilinear, 8 a channel");
                    resize.bytes(20.0 * size * size, traffic, "4 source pixels read, 1 written, a pixel");
                }
                long start = System.nanoTime();
                INDArray input = preprocessor.batch(resized);
                pre.time(start);
                pre.bytes(16.0 * size * size * batch.size(), traffic, "RGB read, 3 floats written, a pixel");
                pre.flops(6.0 * size * size * batch.size(), "2 a channel");
                start = System.nanoTime();
                Features features = model.encoder().encode(input);
                encoder.time(start);
                encoder.flops(encoderFlops * batch.size(), "2 x the convolutions' multiply-adds");
                // the two searches take turns going first, so that neither always finds the other's weights in cache
                boolean modelFirst = (from / batchSize) % 2 == 0;
                List<Caption> captions = modelFirst ? modelSearch(features, t) : null;
                List<Hypothesis> best = search(features, t);
                captions = modelFirst ? captions : modelSearch(features, t);
                compare(best, captions, t);
                for (int i = 0; i < batch.size(); i++) {
                    start = System.nanoTime();
                    sink.write(captions.get(i).from(batch.get(i).toString()));
                    output.time(start);
                }
            }
        }
        output.bytes(2.0 * Files.size(out), traffic, "the text written and copied to the page cache");
        t.stages.put(output.name, output); // listed last, as it runs last
    }

    private List<Caption> modelSearch(Features features, Tallies t) {
        long start = System.nanoTime();
        List<Caption> captions = model.captionFeatures(features, search, json);
        t.get(MODEL_SEARCH).time(start);
        return captions;
    }

    private void compare(List<Hypothesis> best, List<Caption> captions, Tallies t) {
        for (int i = 0; i < best.size(); i++) {
            String text = best.get(i) == null ? null : model.vocabulary().decode(best.get(i).words());
            if (!captions.get(i).text().equals(text)) {
                t.mismatches++;
            }
        }
    }

    /**
     * The search of {@link CaptionModel#captionFeatures}, each member's step function timed apart
     * inside the ensemble; each image's best caption. A beam search steps the batch's images together
     * where every member's decoder can, as the model's call does; otherwise one image at a time.
     */
    private List<Hypothesis> search(Features features, Tallies t) {
        List<Hypothesis> found = new ArrayList<>();
        Vocabulary vocabulary = model.vocabulary();
        int members = decoders.size();
        long start = System.nanoTime();
        Map<DecoderType.FeatureInput, INDArray> unscaled = new EnumMap<>(DecoderType.FeatureInput.class);
        List<INDArray> rows = new ArrayList<>();
        double inputBytes = 0;
        for (int m = 0; m < members; m++) {
            DecoderConfig config = decoders.get(m).config();
            INDArray plain = unscaled.computeIfAbsent(config.decoderType().input(),
                    k -> k == DecoderType.FeatureInput.GRID ? features.gridRows() : features.pooled());
            rows.add(scalers.get(m).apply(plain));
            inputBytes += 2.0 * Float.BYTES * plain.length() * (m == 0 ? 2 : 1); // permuted copy, then each scaling
        }
        Tally input = t.get("decoder input (grid rows, each member's scaling)");
        input.time(start);
        input.bytes(inputBytes, rates.trafficBytesPerSecond(), "rows read and written");
        int count = Math.toIntExact(features.count());
        List<List<Hypothesis>> nBestLists = new ArrayList<>();
        List<TimedSteps<?>> together = search.method().equals(SearchSettings.BEAM)
                ? setUp(t, count, m -> decoders.get(m).batchSteps(rows.get(m), vocabulary.unwritable())) : null;
        if (together != null) {
            BeamSearch beam = new BeamSearch(search, vocabulary.startId(), vocabulary.endId());
            start = System.nanoTime();
            nBestLists.addAll(beam.searchEach(asOne(together), count));
            tally(t, together, System.nanoTime() - start);
        } else {
            CaptionSearch each = CaptionSearch.of(search, vocabulary.startId(), vocabulary.endId());
            for (int i = 0; i < count; i++) {
                int image = i;
                List<TimedSteps<?>> timed = setUp(t, 1,
                        m -> decoders.get(m).steps(rowOf(rows.get(m), image), vocabulary.unwritable()));
                start = System.nanoTime();
                nBestLists.add(each.search(asOne(timed)));
                tally(t, timed, System.nanoTime() - start);
            }
        }
        List<int[]> best = new ArrayList<>();
        for (List<Hypothesis> nBest : nBestLists) {
            int[] words = nBest.isEmpty() ? new int[0] : nBest.get(0).words();
            best.add(words);
            t.words += words.length;
            t.searches++;
            found.add(nBest.isEmpty() ? null : nBest.get(0));
        }
        if (json && decoders.get(0).config().decoderType().attends()) {
            Tally replay = t.get("attention replay of the best captions (JSON)");
            start = System.nanoTime();
            decoders.get(0).attentionEach(rows.get(0), vocabulary.startId(), best);
            replay.time(start);
            DecoderCost cost = costs.get(0);
            int rowSteps = best.stream().mapToInt(w -> w.length + 1).sum();
            int steps = best.stream().mapToInt(w -> w.length + 1).max().orElse(0);
            replay.flops(count * cost.setupFlops() + rowSteps * cost.rowStepFlops(), "member 1's setup and a row a word");
            replay.bytes(steps * (double) cost.stepWeightBytes() + rowSteps * (double) cost.rowBytes(),
                    rates.readRate(cost.stepWeightBytes() + cost.rowBytes()),
                    "member 1's weights read once a step, the batch's captions stepping together");
        }
        return found;
    }

    /** Each member's step function over {@code images} images, timed as it is made; null if a member gives none. */
    private List<TimedSteps<?>> setUp(Tallies t, int images, java.util.function.IntFunction<StepFunction<?>> steps) {
        List<TimedSteps<?>> timed = new ArrayList<>();
        for (int m = 0; m < decoders.size(); m++) {
            Tally setup = t.get(memberName(m) + " setup (attention's projection, initial state)");
            long start = System.nanoTime();
            StepFunction<?> s = steps.apply(m);
            setup.time(start);
            if (s == null) {
                return null;
            }
            setup.flops(images * costs.get(m).setupFlops(), "products of the model's sizes");
            timed.add(timed(s));
        }
        return timed;
    }

    private static StepFunction<?> asOne(List<TimedSteps<?>> members) {
        return members.size() == 1 ? members.get(0) : new EnsembleSteps(members);
    }

    /** Books a search's steps to each member and the rest of its time to the beams' bookkeeping. */
    private void tally(Tallies t, List<TimedSteps<?>> timed, long searchNanos) {
        int members = timed.size();
        long stepBytes = stepBytes();
        double stepRate = rates.readRate(stepBytes);
        String stepRateWhat = String.format(Locale.ROOT, "weights read once a step (%.1f MB with the other members')",
                stepBytes / 1e6);
        long memberNanos = 0;
        for (int m = 0; m < members; m++) {
            TimedSteps<?> s = timed.get(m);
            Tally steps = t.get(memberName(m) + " steps");
            steps.nanos += s.nanos();
            memberNanos += s.nanos();
            steps.flops(s.rows() * costs.get(m).rowStepFlops(), "products and element-wise work of the model's sizes");
            steps.bytes(s.steps() * (double) costs.get(m).stepWeightBytes() + s.rows() * (double) costs.get(m).rowBytes(),
                    stepRate, stepRateWhat);
        }
        long rowSteps = timed.get(0).rows();
        Tally rest = t.get("search: beam bookkeeping" + (members > 1 ? ", the members' mean" : ""));
        rest.nanos += searchNanos - memberNanos;
        rest.flops(rowSteps * (double) model.vocabulary().size() * (2 + (members > 1 ? 2 * members : 0)),
                "a word's total and its comparison" + (members > 1 ? ", the mean's multiply-adds" : ""));
        t.memberRowSteps += rowSteps;
        t.steps += timed.get(0).steps();
        t.widestStep = Math.max(t.widestStep, timed.get(0).widest());
    }

    private static <S> TimedSteps<S> timed(StepFunction<S> steps) {
        return new TimedSteps<>(steps);
    }

    private String memberName(int m) {
        return decoders.size() == 1 ? "search: model" : "search: member " + (m + 1);
    }

    /** Wall seconds of the same photos through the folder path's engine, with the CLI's settings. */
    private double folderRun(List<Path> photos, Path out) throws IOException, InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        BatchCaptioner batch = new BatchCaptioner(model, search,
                new BatchCaptioner.Settings(threads, batchSize, ImageDecoder.DEFAULT_MAX_PIXELS, json));
        try (ResultSink sink = ResultSink.create(json ? ResultFormat.JSONL : ResultFormat.TSV, out)) {
            return batch.run(new ImageFiles(photos, false, ImageFiles.DEFAULT_INCLUDES, List.of()), Set.of(),
                    sink::write).seconds();
        }
    }

    private List<Stage> stages(int photos, Tallies t, double folderSeconds) {
        List<Stage> out = new ArrayList<>();
        double total = 0;
        double totalFloor = 0;
        String real = MODEL_SEARCH;
        for (Tally s : t.stages.values()) {
            if (s.name.equals(real)) {
                continue;
            }
            Stage stage = stage(s, photos);
            out.add(stage);
            total += stage.msPerPhoto();
            totalFloor += stage.floorMsPerPhoto();
        }
        out.add(new Stage("**sum of the stages above** (one thread's turn)", total, totalFloor, "the floors' sum"));
        Tally real0 = t.get(real);
        double searchFloor = out.stream().filter(s -> s.name().startsWith("search") || s.name().startsWith("decoder input")
                || s.name().startsWith("attention")).mapToDouble(Stage::floorMsPerPhoto).sum();
        out.add(new Stage(real, real0.nanos / 1e6 / photos, searchFloor,
                "the floors of the rows from decoder input to the replay; its captions and theirs: "
                        + (t.searches - t.mismatches) + " of " + t.searches + " the same"));
        out.add(new Stage("folder run, BatchCaptioner, " + Runtime.getRuntime().availableProcessors()
                + " decoding threads beside the model (wall)", folderSeconds * 1000 / photos, Double.NaN,
                "decoding overlaps the model's work"));
        return out;
    }

    private Stage stage(Tally s, int photos) {
        double flopSeconds = s.flops / (rates.gflops() * 1e9);
        double byteSeconds = s.byteRate > 0 ? s.bytes / s.byteRate : 0;
        List<String> parts = new ArrayList<>();
        if (s.flops > 0) {
            parts.add(String.format(Locale.ROOT, "%s%s (%s) at %.1f GFLOP/s", flopSeconds >= byteSeconds ? "**" : "",
                    amount(s.flops / photos, "FLOP"), s.flopsWhat, rates.gflops()) + (flopSeconds >= byteSeconds ? "**" : ""));
        }
        if (s.bytes > 0) {
            parts.add(String.format(Locale.ROOT, "%s%s (%s) at %.1f GB/s", byteSeconds > flopSeconds ? "**" : "",
                    amount(s.bytes / photos, "B"), s.bytesWhat, s.byteRate / 1e9) + (byteSeconds > flopSeconds ? "**" : ""));
        }
        return new Stage(s.name, s.nanos / 1e6 / photos, Math.max(flopSeconds, byteSeconds) * 1000 / photos,
                String.join("; ", parts));
    }

    private static String amount(double x, String unit) {
        String[] prefixes = {"", "K", "M", "G"};
        int p = 0;
        while (p < prefixes.length - 1 && x >= 1000) {
            x /= 1000;
            p++;
        }
        return String.format(Locale.ROOT, "%.3g %s%s", x, prefixes[p], unit);
    }

    private List<String> facts(int photos, int warmUp, Tallies t, String load) {
        List<String> facts = new ArrayList<>();
        facts.add(String.format(Locale.ROOT, "photos: %d, after a pass over the first %d; model batches of %d; output %s",
                photos, warmUp, batchSize, json ? "JSON lines with attention" : "TSV"));
        facts.add(String.format(Locale.ROOT, "search: %s, beam %d, at most %d words, length alpha %.2f%s", search.method(),
                search.beamSize(), search.maxLength(), search.lengthAlpha(), search.blockTrigrams() ? ", repeated trigrams blocked" : ""));
        for (int m = 0; m < decoders.size(); m++) {
            DecoderConfig c = decoders.get(m).config();
            DecoderCost cost = costs.get(m);
            facts.add(String.format(Locale.ROOT, "%s: %s, vocabulary %d, embedding %d, LSTM %d, attention %d, %d regions "
                    + "of %d channels; %.2f MFLOP setup, %.2f MFLOP a row-step, %.1f MB of step weights (float32)",
                    decoders.size() == 1 ? "model" : "member " + (m + 1), c.type(), c.vocabularySize(), c.embeddingSize(),
                    c.hiddenSize(), c.attentionSize(), c.regions(), c.contextSize(), cost.setupFlops() / 1e6,
                    cost.rowStepFlops() / 1e6, cost.stepWeightBytes() / 1e6));
        }
        facts.add(String.format(Locale.ROOT, "encoder: %d px input, %.3f GFLOP of convolutions a photo",
                model.encoder().preprocess().size(), encoderFlops / 1e9));
        facts.add(String.format(Locale.ROOT, "captions: %.2f words on average (the end not counted); %.1f row-steps a photo "
                + "(live sequences summed over steps, per member); %.1f rows a step on average, at most %d "
                + "(every image of a batch that is still searching)", t.words / (double) t.searches,
                t.memberRowSteps / (double) t.searches, t.memberRowSteps / (double) Math.max(1, t.steps), t.widestStep));
        facts.add(String.format(Locale.ROOT, "rates measured in this run: %.1f GFLOP/s (1024^2 float product, BLAS); "
                + "%.1f GB/s of copy traffic (64 MB arraycopy, read + written); one thread's streaming read: %s",
                rates.gflops(), rates.trafficBytesPerSecond() / 1e9, rates.readRates()));
        facts.add("load average at the start: " + load);
        return facts;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static INDArray rowOf(INDArray rows, int i) {
        return rows.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
    }
}
