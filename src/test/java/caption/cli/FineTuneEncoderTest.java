package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.encoder.ImageEncoder;
import caption.encoder.SqueezeNetFactory;
import caption.image.PreprocessConfig;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.train.CaptionTraining;
import caption.train.TrainSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code caption train --fine-tune-encoder}: the encoder's last fire blocks train with the decoder,
 * only they change, the model file carries them, and an interrupted run resumes exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FineTuneEncoderTest {

    @TempDir
    static Path dir;

    private Path split;
    private Path base;

    /** Thrown by the step hook to simulate a crash. */
    private static final class Interrupted extends RuntimeException {}

    @BeforeAll
    void trainAModelOnAWholeSqueezeNet() throws IOException {
        split = dir.resolve("split");
        ShapesSplitWriter.write(split, 5, 24);
        ImageEncoder encoder = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.LAST_FIRE, 7),
                new ImageEncoder.Description(PreprocessConfig.shapes(64), "zoo SqueezeNet v1.1", Map.of("weights", "random")));
        TrainSettings settings = new TrainSettings(3, 8, 0.01, 1.0, 5.0, 0.0, 8, 12, 1, 20, 3)
                .withDecoder("show-attend-tell", 8, 1.0, false);
        CaptionModel model = new CaptionTraining(settings, new PrintWriter(new StringWriter())).train(
                CaptionDataset.load(split), encoder);
        base = dir.resolve("base.zip");
        ModelFile.save(model, base);
    }

    private int train(TrainCommandHook hook, String... args) {
        TrainCommand command = new TrainCommand();
        command.afterStep = hook::after;
        CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(new StringWriter(), true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @FunctionalInterface
    private interface TrainCommandHook {
        void after(long step);
    }

    private String[] args(String name) {
        return new String[] {"--data", split.toString(), "--from", base.toString(), "--fine-tune-encoder",
            "--trainable-from", "fire8", "--encoder-learning-rate", "0.0001", "--learning-rate", "0.001",
            "--epochs", "2", "--batch-size", "8", "--checkpoint-every", "2", "--log-every", "1", "--seed", "3",
            "--out", dir.resolve(name + ".zip").toString()};
    }

    private List<Double> losses(String run) throws IOException {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(run + ".run").resolve("log.jsonl"))) {
            losses.add(Json.MAPPER.readTree(line).get("loss").asDouble());
        }
        return losses;
    }

    @Test
    void onlyTheTrainableBlocksChangeAndTheModelFileCarriesThem() throws IOException {
        assertEquals(0, train(step -> { }, args("tuned")));
        CaptionModel before = ModelFile.load(base);
        CaptionModel after = ModelFile.load(dir.resolve("tuned.zip"));
        int changed = 0;
        for (Layer layer : before.encoder().graph().getLayers()) {
            if (layer.numParams() == 0) {
                continue;
            }
            String name = layer.conf().getLayer().getLayerName();
            boolean same = layer.params().equals(after.encoder().graph().getLayer(name).params());
            boolean trainable = name.startsWith("fire8") || name.startsWith("fire9");
            assertEquals(!trainable, same, name + (trainable ? " must train" : " must stay frozen"));
            changed += same ? 0 : 1;
        }
        assertEquals(6, changed);
        assertNotEquals(before.decoder().params().get("out_w"), after.decoder().params().get("out_w"));
        assertEquals(List.of("fire8_sq1x1", "fire8_exp1x1", "fire8_exp3x3", "fire9_sq1x1", "fire9_exp1x1", "fire9_exp3x3"),
                after.encoder().description().provenance().get("fineTunedLayers"));
        JsonNode run = Json.MAPPER.readTree(dir.resolve("tuned.run/run.json").toFile());
        assertEquals("fire8", run.get("fineTuning").get("encoder").get("trainableFrom").asText());
        assertEquals(1, after.caption(List.of(javax.imageio.ImageIO.read(Files.list(split.resolve("images")).sorted()
                .findFirst().orElseThrow().toFile())), after.config().search()).size());
    }

    @Test
    void anInterruptedFineTuningResumesExactly() throws IOException {
        assertEquals(0, train(step -> { }, args("whole")));
        boolean[] crashed = {false};
        int exit = train(step -> {
            if (step == 5) {
                crashed[0] = true;
                throw new Interrupted();
            }
        }, args("cut"));
        assertTrue(crashed[0] && exit != 0);
        assertEquals(0, train(step -> { }, "--resume", dir.resolve("cut.run").toString()));
        List<Double> whole = losses("whole");
        List<Double> resumed = losses("cut");
        assertEquals(whole.size(), resumed.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i), resumed.get(i), 1e-6, "log line " + (i + 1));
        }
        assertEquals(ModelFile.load(dir.resolve("whole.zip")).encoder().graph().params(),
                ModelFile.load(dir.resolve("cut.zip")).encoder().graph().params());
    }

    @Test
    void aSecondModelAdaptsToAnotherModelsFineTunedEncoderWhichStaysAsItIs() throws IOException {
        assertEquals(0, train(step -> { }, args("first")));
        Path first = dir.resolve("first.zip");
        List<String> second = new ArrayList<>(List.of(args("second")));
        second.set(second.indexOf("--encoder-learning-rate") + 1, "0");
        second.addAll(List.of("--encoder-from", first.toString()));
        assertEquals(0, train(step -> { }, second.toArray(String[]::new)));
        CaptionModel tuned = ModelFile.load(first);
        CaptionModel adapted = ModelFile.load(dir.resolve("second.zip"));
        assertEquals(tuned.encoder().graph().params(), adapted.encoder().graph().params());
        assertNotEquals(ModelFile.load(base).decoder().params().get("out_w"), adapted.decoder().params().get("out_w"));
        CliRun joined = CliRun.of("ensemble", "--out", dir.resolve("both.zip").toString(), first.toString(),
                dir.resolve("second.zip").toString());
        assertEquals(Cli.OK, joined.exit(), joined.err());
    }

    @Test
    void badFineTuningOptionsAreBadUsage() {
        assertEquals(2, train(step -> { }, "--data", split.toString(), "--fine-tune-encoder",
                "--out", dir.resolve("x.zip").toString()));
        assertEquals(2, train(step -> { }, "--data", split.toString(), "--from", base.toString(), "--fine-tune-encoder",
                "--trainable-from", "fire3", "--out", dir.resolve("x.zip").toString()));
    }
}
