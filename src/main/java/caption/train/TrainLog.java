package caption.train;

import caption.io.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run folder's JSON-lines log ({@code log.jsonl}: a line every N steps and one per validation)
 * and the series the learning curves are drawn from. Without a run folder it only keeps the series.
 */
public final class TrainLog implements Closeable {

    public static final String FILE = "log.jsonl";

    /** A point of a curve. */
    public record Point(long step, double value) {}

    /** Progress shown while training (a progress bar on a terminal); called after every step. */
    public interface ProgressView {
        void update(int epoch, long step, long totalSteps, double loss);
    }

    private final BufferedWriter out;
    private ProgressView progress = (epoch, step, total, loss) -> { };
    private final List<Point> trainingLoss = new ArrayList<>();
    private final List<Point> validationLoss = new ArrayList<>();
    private final List<Point> validationCider = new ArrayList<>();

    private TrainLog(BufferedWriter out) {
        this.out = out;
    }

    public static TrainLog none() {
        return new TrainLog(null);
    }

    /**
     * Appends to the run folder's log; a resumed run goes on in the same file, and its earlier lines
     * up to {@code fromStep} are read back so the curves cover the whole run.
     */
    public static TrainLog in(Path runDir, long fromStep) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE);
        List<String> earlier = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        TrainLog log = new TrainLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
        for (String line : earlier) {
            try {
                var node = Json.MAPPER.readTree(line);
                if (node.path("step").asLong() > fromStep) {
                    continue; // logged after the checkpoint: the resumed run logs it again
                }
                if (node.path("event").asText().equals("step")) {
                    log.step(node.get("step").asLong(), node.get("epoch").asInt(), node.get("loss").asDouble(),
                            node.get("captions_per_s").asDouble());
                } else if (node.path("event").asText().equals("validation")) {
                    log.validation(node.get("step").asLong(), node.get("epoch").asInt(), new Validation.Figures(
                            node.get("loss").asDouble(), node.get("CIDEr").asDouble(), node.get("Bleu_4").asDouble(),
                            node.has("scene_accuracy") ? node.get("scene_accuracy").asDouble() : null),
                            node.get("best").asBoolean());
                }
            } catch (IOException | RuntimeException e) {
                // a half-written last line of an interrupted run
            }
        }
        return log;
    }

    public void showProgress(ProgressView view) {
        this.progress = view;
    }

    /** After every step: moves the progress view. */
    public void progress(int epoch, long step, long totalSteps, double loss) {
        progress.update(epoch, step, totalSteps, loss);
    }

    public void step(long step, int epoch, double loss, double captionsPerSecond) throws IOException {
        trainingLoss.add(new Point(step, loss));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "step");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("loss", loss);
        line.put("captions_per_s", captionsPerSecond);
        write(line);
    }

    public void validation(long step, int epoch, Validation.Figures figures, boolean best) throws IOException {
        validationLoss.add(new Point(step, figures.loss()));
        validationCider.add(new Point(step, figures.cider()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "validation");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("loss", figures.loss());
        line.put("CIDEr", figures.cider());
        line.put("Bleu_4", figures.bleu4());
        if (figures.sceneAccuracy() != null) {
            line.put("scene_accuracy", figures.sceneAccuracy());
        }
        line.put("best", best);
        write(line);
    }

    private void write(Map<String, Object> line) throws IOException {
        if (out != null) {
            out.write(Json.COMPACT.writeValueAsString(line));
            out.write('\n');
            out.flush();
        }
    }

    public List<Point> trainingLoss() {
        return trainingLoss;
    }

    public List<Point> validationLoss() {
        return validationLoss;
    }

    public List<Point> validationCider() {
        return validationCider;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
