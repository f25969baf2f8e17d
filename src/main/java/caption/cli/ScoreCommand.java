package caption.cli;

import caption.eval.CaptionScorer;
import caption.eval.CocoFiles;
import caption.io.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption score}: the COCO caption toolkit's metrics for a results file. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Scores a COCO results file against a COCO caption annotation file with the COCO caption "
                + "toolkit's metrics: BLEU-1..4, ROUGE-L and CIDEr-D, over the images that have a result.")
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--annotations", required = true, paramLabel = "CAPTIONS.json",
            description = "COCO caption annotations (images, annotations with image_id and caption).")
    Path annotations;

    @Option(names = "--results", required = true, paramLabel = "RESULTS.json",
            description = "COCO results: [{\"image_id\": ..., \"caption\": ...}], one per image.")
    Path results;

    @Option(names = "--json", description = "Print one JSON object with the toolkit's keys.")
    boolean json;

    @Option(names = "--per-image", paramLabel = "FILE", description = "Also write each image's scores as a JSON array.")
    Path perImage;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Map<Long, List<String>> references = CocoFiles.readReferences(annotations);
        Map<Long, String> captions = CocoFiles.readResults(results);
        CocoFiles.checkCovered(results, captions, references);
        CaptionScorer.Scores scores = new CaptionScorer().score(captions, references);
        if (perImage != null) {
            Json.write(perImage, perImageRows(scores));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.COMPACT.writeValueAsString(scores.corpus()));
        } else {
            scores.corpus().forEach((name, value) -> out.printf("%-8s %.6f%n", name, value));
        }
        out.flush();
        return Cli.OK;
    }

    private static List<Map<String, Object>> perImageRows(CaptionScorer.Scores scores) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CaptionScorer.ImageScore image : scores.images()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("image_id", image.imageId());
            row.put("caption", image.caption());
            row.putAll(image.scores());
            rows.add(row);
        }
        return rows;
    }
}
