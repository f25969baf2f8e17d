package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.io.Json;
import caption.model.Caption;
import caption.model.LstmView;
import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caption memory} with the bundled shapes model on generated scenes. */
class MemoryCommandTest {

    private static final String[] STATES = {"hidden", "cell", "input_gate", "forget_gate", "output_gate"};

    @TempDir
    static Path dir;

    private static Path images;
    private static Path out;
    private static CliRun run;

    @BeforeAll
    static void recordScenes() {
        Path scenes = dir.resolve("scenes");
        CliRun made = CliRun.of("dataset", "shapes", "--out", scenes.toString(), "--count", "150", "--seed", "5");
        assertEquals(0, made.exit(), made.err());
        images = scenes.resolve("images");
        out = dir.resolve("memory");
        run = CliRun.of("memory", "--model", "shapes", "--out", out.toString(), images.toString());
        assertEquals(0, run.exit(), run.err());
    }

    @Test
    void statesReadBackEqualToTheModelsLstmViews() throws Exception {
        List<Path> first = firstImages(32); // two whole batches of 16, as the command ran them
        List<Caption> captions = Captioner.load("shapes").captionAll(first,
                CaptionOptions.builder().batchSize(16).lstm(true).build());
        try (HdfFile states = new HdfFile(out.resolve("states.h5"))) {
            int row = 0;
            for (Caption caption : captions) {
                for (LstmView.Step step : caption.lstm().steps()) {
                    float[][] expected = {step.hidden(), step.cell(), step.inputGate(), step.forgetGate(), step.outputGate()};
                    for (int s = 0; s < STATES.length; s++) {
                        float[][] all = (float[][]) states.getDatasetByPath(STATES[s]).getData();
                        assertClose(expected[s], all[row], STATES[s] + " row " + row);
                    }
                    row++;
                }
            }
        }
    }

    @Test
    void wordIdsSpellTheCaptionsThroughWordsDict() throws Exception {
        Map<Integer, String> dictionary = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("words.dict"))) {
            String[] parts = line.split(" ");
            assertEquals(2, parts.length, line);
            dictionary.put(Integer.parseInt(parts[1]), parts[0]);
        }
        int[] ids = wordIds();
        List<String> expected = new ArrayList<>();
        List<Caption> captions = Captioner.load("shapes").captionAll(firstImages(150), CaptionOptions.defaults());
        captions.forEach(c -> {
            expected.addAll(List.of(c.text().split(" ")));
            expected.add("<end>");
        });
        List<String> written = new ArrayList<>();
        for (int id : ids) {
            written.add(dictionary.get(id));
        }
        assertEquals(expected, written);
        assertTrue(Files.readString(out.resolve("lstm.yml")).contains("path: word_ids"));
    }

    @Test
    void reportedCorrelationsEqualAPlainRecomputation() throws Exception {
        JsonNode report = Json.MAPPER.readTree(out.resolve("memory.json").toFile());
        int[] ids = wordIds();
        double[] position = new double[ids.length];
        double[] nextColour = new double[ids.length];
        List<String> colours = List.of("red", "green", "blue", "yellow", "purple", "orange");
        List<String> words = Files.readAllLines(out.resolve("words.dict")).stream().map(l -> l.split(" ")[0]).toList();
        for (int r = 0, p = 0; r < ids.length; r++) {
            position[r] = p;
            nextColour[r] = colours.contains(words.get(ids[r])) ? 1 : 0;
            p = words.get(ids[r]).equals("<end>") ? 0 : p + 1;
        }
        try (HdfFile states = new HdfFile(out.resolve("states.h5"))) {
            for (var signal : Map.of("position", position, "next_colour", nextColour).entrySet()) {
                JsonNode cells = report.get("signals").get(signal.getKey());
                assertEquals(10, cells.size(), signal.getKey());
                for (JsonNode cell : cells) {
                    float[][] values = (float[][]) states.getDatasetByPath(cell.get("state").asText()).getData();
                    double[] column = new double[values.length];
                    for (int r = 0; r < values.length; r++) {
                        column[r] = values[r][cell.get("cell").asInt()];
                    }
                    assertEquals(pearson(signal.getValue(), column), cell.get("r").asDouble(), 1e-9, cell.toString());
                }
            }
        }
    }

    @Test
    void findsCellsThatKnowTheComingWordsKindAndThePosition() throws IOException {
        JsonNode signals = Json.MAPPER.readTree(out.resolve("memory.json").toFile()).get("signals");
        // measured on these 150 scenes (seed 5): position 0.90, colour 0.91, size 0.82, shape 0.81, relation 0.57
        Map<String, Double> least = Map.of("position", 0.8, "next_colour", 0.8, "next_size", 0.7, "next_shape", 0.7,
                "next_relation", 0.45);
        least.forEach((signal, r) -> {
            JsonNode strongest = signals.get(signal).get(0);
            assertTrue(Math.abs(strongest.get("r").asDouble()) >= r, signal + ": " + strongest);
        });
        assertTrue(run.out().startsWith("rows 1580, cells 256, captions 150"), run.out());
    }

    @Test
    void readsTheReferenceCaptionsApart() throws IOException {
        Path refs = dir.resolve("with-references");
        CliRun r = CliRun.of("memory", "--model", "shapes", "--out", refs.toString(),
                "--data=" + dir.resolve("scenes"), "--beam", "1");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = Json.MAPPER.readTree(refs.resolve("memory.json").toFile());
        assertEquals(150, report.get("captions").asInt());
        assertEquals(750, report.get("references").get("captions").asInt());
        for (String file : List.of("lstm.yml", "states.h5", "words.h5", "words.dict", "captions.tsv")) {
            assertTrue(Files.isRegularFile(refs.resolve("references").resolve(file)), file);
        }
        List<String> rows = Files.readAllLines(refs.resolve("references/captions.tsv"));
        assertEquals(751, rows.size());
        int tokens = rows.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split("\t")[2])).sum();
        try (HdfFile words = new HdfFile(refs.resolve("references/words.h5"))) {
            assertEquals(tokens, ((int[]) words.getDatasetByPath("word_ids").getData()).length);
        }
    }

    @Test
    void badUsageIsExitTwo() {
        String memory = dir.resolve("bad").toString();
        for (String[] args : List.of(new String[] {"memory", "--out", memory},
                new String[] {"memory", "--out", memory, "--data=" + dir.resolve("scenes"), images.toString()},
                new String[] {"memory", images.toString()})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("caption: "), r.err());
            assertEquals(0, r.out().length(), r.out());
        }
        assertTrue(Files.notExists(dir.resolve("bad")));
    }

    /** Equal to float rounding: the encoder's threads may sum in another order from one run to the next. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), what + " cell " + i);
        }
    }

    private static List<Path> firstImages(int count) throws IOException {
        try (Stream<Path> files = Files.list(images)) {
            return files.sorted().limit(count).toList();
        }
    }

    private static int[] wordIds() {
        try (HdfFile words = new HdfFile(out.resolve("words.h5"))) {
            return (int[]) words.getDatasetByPath("word_ids").getData();
        }
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
