package caption.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import caption.cli.CaptionCommand;
import caption.cli.Cli;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Memory view's endpoints on the real server over a real {@code caption memory} folder, made
 * here from 40 generated shape scenes with the bundled shapes model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryServerTest {

    static final List<String> COLOURS = List.of("red", "green", "blue", "yellow", "purple", "orange");

    private Path memoryDir;
    private CaptionServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        memoryDir = recordMemory(dir, 40);
        server = CaptionServer.start(ServerSettings.defaults().withPort(0), Map.of("shapes", Captioner.load("shapes")),
                List.of(MemoryFolder.load(memoryDir)));
    }

    /** Generated scenes and {@code caption memory}'s folder of them, both in-process. */
    static Path recordMemory(Path dir, int scenes) {
        Path out = dir.resolve("memory");
        run("dataset", "shapes", "--out", dir.resolve("scenes").toString(), "--count", Integer.toString(scenes), "--seed", "5");
        run("memory", "--model", "shapes", "--out", out.toString(), dir.resolve("scenes/images").toString());
        return out;
    }

    private static void run(String... args) {
        StringWriter err = new StringWriter();
        var cl = Cli.commandLine(new CaptionCommand(), false);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), err.toString());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private JsonNode report() throws IOException {
        return Json.MAPPER.readTree(memoryDir.resolve("memory.json").toFile());
    }

    @Test
    void theSummaryHoldsMemoryJsonsSignalsAndCoClusters() throws Exception {
        JsonNode summary = ok("/v1/memory");
        assertEquals(report().get("co_clusters"), summary.get("co_clusters"));
        assertEquals(report().get("signals"), summary.get("signals"));
        assertEquals(40, summary.get("captions").asInt());
        assertEquals(256, summary.get("cells").asInt());
        assertEquals("memory", summary.get("folder").asText());
    }

    @Test
    void aCellsValuesAreThoseOfStatesH5() throws Exception {
        JsonNode cell = ok("/v1/memory/cell/forget_gate/205?captions=7");
        List<String> tsv = Files.readAllLines(memoryDir.resolve("captions.tsv"));
        assertEquals(7, cell.get("captions").size());
        try (HdfFile states = new HdfFile(memoryDir.resolve("states.h5"))) {
            float[][] rows = (float[][]) states.getDatasetByPath("forget_gate").getData();
            for (JsonNode caption : cell.get("captions")) {
                String[] line = tsv.get(caption.get("caption").asInt() + 1).split("\t");
                int first = Integer.parseInt(line[1]);
                List<String> words = new ArrayList<>(List.of(line[3].split(" ")));
                words.add("<end>");
                assertEquals(words, strings(caption.get("words")));
                float[] values = new float[words.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) caption.get("values").get(i).asDouble();
                }
                float[] expected = new float[words.size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = rows[first + i][205];
                }
                assertArrayEquals(expected, values);
            }
        }
    }

    @Test
    void patternSearchFindsCaptionsWithAColourAtThePhrasesPlace() throws Exception {
        JsonNode signal = report().get("signals").get("next_colour");
        String state = signal.get(0).get("state").asText();
        String cells = stream(signal).filter(c -> c.get("state").asText().equals(state))
                .map(c -> c.get("cell").asText()).collect(Collectors.joining(","));
        double threshold = state.endsWith("_gate") ? 0.5 : 0;
        int[] phrase = colourPhrase(ok("/v1/memory/cell/hidden/0?captions=40").get("captions"));
        JsonNode found = ok("/v1/memory/search?caption=" + phrase[0] + "&from=" + phrase[1] + "&to=" + (phrase[1] + 2)
                + "&cells=" + cells + "&state=" + state + "&threshold=" + threshold + "&limit=8");
        JsonNode matches = found.get("matches");
        assertEquals(8, matches.size());
        assertEquals(phrase[0], matches.get(0).get("caption").asInt());
        assertEquals(phrase[1], matches.get(0).get("start").asInt());
        for (JsonNode match : matches) {
            String last = match.get("words").get(match.get("end").asInt()).asText();
            assertTrue(COLOURS.contains(last), "a match ending in '" + last + "': " + match);
            assertTrue(match.get("image_url").asText().startsWith("v1/memory/image/"), match.toString());
        }
        assertEquals(3, found.get("pattern").get("words").size());
    }

    /** The first caption with "a WORD COLOUR" (as "a large red"): its index and the row of "a". */
    private static int[] colourPhrase(JsonNode captions) {
        for (JsonNode caption : captions) {
            List<String> words = strings(caption.get("words"));
            for (int i = 0; i + 2 < words.size(); i++) {
                if (words.get(i).equals("a") && !COLOURS.contains(words.get(i + 1)) && COLOURS.contains(words.get(i + 2))) {
                    return new int[] {caption.get("caption").asInt(), i};
                }
            }
        }
        throw new AssertionError("no caption has 'a SIZE COLOUR'");
    }

    @Test
    void servesTheRecordedImagesOnly() throws Exception {
        String[] line = Files.readAllLines(memoryDir.resolve("captions.tsv")).get(3).split("\t");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/v1/memory/image/2")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(Files.readAllBytes(Path.of(line[0])), r.body());
    }

    @Test
    void refusesBadParametersInOneLineOfJson() throws Exception {
        List<String> bad = List.of("/v1/memory?folder=nope", "/v1/memory/cell/gates/3", "/v1/memory/cell/hidden/256",
                "/v1/memory/cell/hidden/-1", "/v1/memory/cell/hidden/x", "/v1/memory/cell/hidden/3?captions=0",
                "/v1/memory/cell/hidden/3?captions=201", "/v1/memory/search", "/v1/memory/search?caption=0&from=0&to=1",
                "/v1/memory/search?caption=40&from=0&to=1&cells=1", "/v1/memory/search?caption=0&from=2&to=1&cells=1",
                "/v1/memory/search?caption=0&from=0&to=99&cells=1", "/v1/memory/search?caption=0&from=0&to=1&cells=1,1",
                "/v1/memory/search?caption=0&from=0&to=1&cells=1,", "/v1/memory/search?caption=0&from=0&to=1&cells=1&threshold=NaN",
                "/v1/memory/search?caption=0&from=0&to=1&cells=1&limit=0", "/v1/memory/search?caption=0&from=0&to=1&cells=1&state=x",
                "/v1/memory/image/40", "/v1/memory/image/-1", "/v1/memory/image/..%2F..%2Fetc%2Fpasswd");
        for (String path : bad) {
            HttpResponse<String> r = get(path);
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, path + ": " + r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("\n") || r.body().contains("java."), path + ": " + r.body());
            assertTrue(Json.MAPPER.readTree(r.body()).hasNonNull("error"), path + ": " + r.body());
        }
        try (CaptionServer plain = CaptionServer.start(ServerSettings.defaults().withPort(0),
                Map.of("shapes", Captioner.load("shapes")))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/v1/memory")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("--memory"), r.body());
        }
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    private static List<String> strings(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }
}
