package caption.cli;

import caption.api.SearchOptions;
import caption.eval.Evaluation;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption eval}: captions a split and prints its figures as one JSON object. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Captions every image of a split and prints one JSON object: the COCO caption toolkit's "
                + "metrics (Bleu_1..4, ROUGE_L, CIDEr), distinct_captions, for attention models the attention's "
                + "sharpness (attention_max_weight, attention_entropy) and, for shape scenes, scene_accuracy, "
                + "relation_accuracy and errors_by_kind (wrong captions by the kinds of error they make).")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL, description = "Model file or bundled name (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    DataOptions data;

    @Mixin
    SearchOptions searchOptions;

    @Option(names = "--train-split", paramLabel = "NAME", description = "Also report training_caption_share: the "
            + "share of captions that are word for word a caption of this split of --data (memorised captions).")
    String trainSplit;

    @Option(names = "--out", description = "Write the captions as a COCO results file.")
    Path out;

    @Option(names = "--json", description = "Print the figures as one JSON object (the default form).")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        data.require(spec.commandLine());
        CaptionModel captioner = ModelFile.load(ModelRegistry.resolve(model));
        SearchSettings search = searchOptions.search(captioner.config().search());
        var err = spec.commandLine().getErr();
        Evaluation.Report report = Evaluation.run(captioner, data.read(err), search,
                trainSplit == null ? null : data.source().read(err, trainSplit));
        if (out != null) {
            List<Map<String, Object>> results = report.results().stream()
                    .map(r -> Map.<String, Object>of("image_id", r.imageId(), "caption", r.caption())).toList();
            Json.write(out, results);
        }
        spec.commandLine().getOut().println(Json.COMPACT.writeValueAsString(report.figures()));
        return Cli.OK;
    }
}
