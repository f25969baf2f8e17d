package caption.cli;

import caption.api.SearchOptions;
import caption.batch.ImageFiles;
import caption.data.CaptionDataset;
import caption.data.CaptionedImage;
import caption.io.AtomicFiles;
import caption.io.Json;
import caption.memory.CellCorrelation;
import caption.memory.LstmVisProject;
import caption.memory.MemoryAnalysis;
import caption.memory.MemoryRecorder;
import caption.memory.MemoryReport;
import caption.memory.StateRows;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption memory}: the LSTM's states over many captions, as an LSTMVis project and memory.json. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Captions the images (or a split's images, also reading its reference captions) and "
                + "records the decoder's hidden state, memory cell and gates at each word. Writes an LSTMVis project "
                + "to --out (lstm.yml, states.h5, words.h5, words.dict; references/ for the reference captions), "
                + "captions.tsv and memory.json: the cells most correlated with each signal (the word's position, "
                + "the coming word's kind), RNNVis's expected updates per cell and co-clusters of cells and words.",
            "Prints a short summary; exit status 0 when every image was read, 1 when any failed, 2 for bad usage."})
public final class MemoryCommand implements Callable<Integer> {

    static final String REFERENCES = "references";
    static final String CAPTIONS = "captions.tsv";
    static final String REPORT = "memory.json";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE|FOLDER", arity = "0..*", description = "Image files and folders (in path order).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL,
            description = "Model file or bundled name (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Mixin
    DataOptions data;

    @Mixin
    SearchOptions searchOptions;

    @Option(names = {"-r", "--recursive"}, description = "Also the images in sub-folders.")
    boolean recursive;

    @Option(names = "--batch-size", defaultValue = "16", converter = PositiveInteger.class,
            description = "Images per model batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-pixels", defaultValue = "50000000",
            description = "Refuse larger images, from their header (default ${DEFAULT-VALUE}).")
    long maxPixels;

    @Override
    public Integer call() throws Exception {
        if (inputs.isEmpty() == (data.data == null)) {
            throw new ParameterException(spec.commandLine(), inputs.isEmpty()
                    ? "give IMAGE|FOLDER... or --data SOURCE" : "IMAGE|FOLDER and --data exclude each other");
        }
        PrintWriter err = spec.commandLine().getErr();
        CaptionModel captioner = ModelFile.load(ModelRegistry.resolve(model));
        SearchSettings search = searchOptions.search(captioner.config().search());
        List<MemoryRecorder.Item> items = new ArrayList<>();
        int unlisted = data.data != null ? readDataset(items, err) : listImages(items, err);
        long started = System.nanoTime();
        MemoryRecorder.Recording recording;
        try (ProgressBar bar = Progress.stderrIsTerminal() ? Progress.bar("recording", items.size(), " img") : null) {
            recording = new MemoryRecorder(captioner, search, batchSize, maxPixels).record(items,
                    problem -> err.println(problem), () -> {
                        if (bar != null) {
                            bar.step();
                        }
                    });
        }
        int failed = unlisted + recording.failed();
        if (recording.generated().size() == 0) {
            err.println("caption: no image could be read");
            return Cli.FAILED;
        }
        write(captioner, recording);
        err.printf(Locale.ROOT, "recorded %d images, failed %d in %.1f s; wrote %s%n", recording.generated().captions().size(),
                failed, (System.nanoTime() - started) / 1e9, out);
        err.flush();
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    private int listImages(List<MemoryRecorder.Item> items, PrintWriter err) {
        int failed = 0;
        for (ImageFiles.Entry entry : new ImageFiles(inputs, recursive, ImageFiles.DEFAULT_INCLUDES, List.of())) {
            if (entry.problem() != null) {
                err.println(entry.problem());
                failed++;
            } else {
                items.add(new MemoryRecorder.Item(entry.path(), List.of()));
            }
        }
        return failed;
    }

    private int readDataset(List<MemoryRecorder.Item> items, PrintWriter err) throws IOException {
        CaptionDataset dataset = data.read(err);
        for (CaptionedImage image : dataset.images()) {
            items.add(new MemoryRecorder.Item(image.path(), image.captions()));
        }
        return 0; // the reader has reported what it skipped
    }

    private void write(CaptionModel captioner, MemoryRecorder.Recording recording) throws IOException {
        List<String> words = captioner.vocabulary().words();
        LstmVisProject.write(out, recording.generated(), words, "caption memory: " + model,
                "the captions " + model + " writes, one row per word");
        AtomicFiles.writeString(out.resolve(CAPTIONS), captionsTsv(recording.generated(), words));
        if (recording.references() != null) {
            Path references = out.resolve(REFERENCES);
            LstmVisProject.write(references, recording.references(), words, "caption memory: " + model + " reading references",
                    "the reference captions read by teacher forcing, one row per word");
            AtomicFiles.writeString(references.resolve(CAPTIONS), captionsTsv(recording.references(), words));
        }
        MemoryReport report = MemoryAnalysis.report(model, recording.generated(), recording.references(), words);
        Json.write(out.resolve(REPORT), report);
        printSummary(report);
    }

    /** image, first row, rows, caption: how rows map back to images. */
    static String captionsTsv(StateRows rows, List<String> words) {
        StringBuilder sb = new StringBuilder("image\tfirst_row\trows\tcaption\n");
        for (StateRows.Caption c : rows.captions()) {
            List<String> text = new ArrayList<>();
            for (int r = c.first(); r < c.first() + c.count() - 1; r++) { // the last row writes the end
                text.add(words.get(rows.wordId(r)));
            }
            sb.append(c.source()).append('\t').append(c.first()).append('\t').append(c.count()).append('\t')
                    .append(String.join(" ", text)).append('\n');
        }
        return sb.toString();
    }

    private void printSummary(MemoryReport report) {
        PrintWriter stdout = spec.commandLine().getOut();
        MemoryReport.Analysis generated = report.generated();
        stdout.printf(Locale.ROOT, "rows %d, cells %d, captions %d%s%n", generated.rows(), report.cells(),
                generated.captions(), report.references() == null ? ""
                        : String.format(Locale.ROOT, "; references: rows %d, captions %d", report.references().rows(),
                                report.references().captions()));
        for (Map.Entry<String, List<CellCorrelation>> signal : generated.signals().entrySet()) {
            stdout.println(signal.getKey() + ": " + signal.getValue().stream().limit(3)
                    .map(c -> String.format(Locale.ROOT, "%s %d (r %.2f)", c.state(), c.cell(), c.r()))
                    .collect(Collectors.joining(", ")));
        }
        stdout.flush();
    }
}
