package caption.cli;

import caption.image.ImageDecoder;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption IMAGE...}: prints a caption for each image; the other actions are subcommands. */
@Command(name = "caption", mixinStandardHelpOptions = true, version = "caption 0.1.0",
        description = "Describes images in a sentence. With no subcommand, captions the IMAGE files.",
        subcommands = {TrainCommand.class, EvalCommand.class, DatasetCommand.class, PretrainEncoderCommand.class})
public final class CaptionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image files to caption.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL,
            description = "Model file, or the name of a bundled model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--beam", description = "Beam size; 1 is greedy (default: the model's, 3).")
    Integer beam;

    @Option(names = "--max-length", description = "Longest caption in words (default: the model's, 20).")
    Integer maxLength;

    @Option(names = "--json", description = "One JSON object per image per line, with the n-best list.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (images.isEmpty()) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return Cli.USAGE;
        }
        CaptionModel captioner = ModelFile.load(ModelRegistry.resolve(model));
        SearchSettings search = searchSettings(captioner.config().search());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (Path image : images) {
            try {
                BufferedImage decoded = ImageDecoder.read(image);
                CaptionModel.Caption caption = captioner.caption(List.of(decoded), search).get(0);
                out.println(format(image, caption));
            } catch (ImageDecoder.ImageException e) {
                err.println(e.getMessage());
                failed++;
                if (json) {
                    out.println(Json.COMPACT.writeValueAsString(Map.of("image", image.toString(), "error", e.getMessage())));
                }
            }
            out.flush();
        }
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    SearchSettings searchSettings(SearchSettings modelDefaults) {
        return new SearchSettings(beam != null ? beam : modelDefaults.beamSize(),
                maxLength != null ? maxLength : modelDefaults.maxLength(), modelDefaults.lengthAlpha());
    }

    private String format(Path image, CaptionModel.Caption caption) throws Exception {
        if (json) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("image", image.toString());
            record.put("caption", caption.text());
            record.put("score", caption.score());
            record.put("log_prob", caption.logProb());
            List<Map<String, Object>> nBest = new ArrayList<>();
            for (CaptionModel.Caption c : caption.nBest()) {
                nBest.add(Map.of("caption", c.text(), "score", c.score(), "log_prob", c.logProb()));
            }
            record.put("n_best", nBest);
            return Json.COMPACT.writeValueAsString(record);
        }
        return images.size() == 1 ? caption.text() : image + "\t" + caption.text();
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new CaptionCommand(), args));
    }
}
