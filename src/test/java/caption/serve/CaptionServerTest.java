package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP API in-process on the bundled shapes model: answers, every bad input, and concurrent clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptionServerTest {

    static final Path IMAGES = Path.of("datasets/shapes/samples/images");
    static final long UPLOAD_LIMIT = 2L * 1024 * 1024;

    private CaptionServer server;
    private HttpClient http;
    private List<byte[]> samples;
    private List<String> expected;

    @BeforeAll
    void start() throws IOException {
        Captioner shapes = Captioner.load("shapes");
        server = CaptionServer.start(ServerSettings.defaults().withPort(0).withLimits(UPLOAD_LIMIT, 1_000_000),
                Map.of("shapes", shapes));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        samples = new ArrayList<>();
        expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path image = IMAGES.resolve(String.format("%06d.png", i));
            samples.add(Files.readAllBytes(image));
            expected.add(shapes.caption(image).text());
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> post(String query, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/captions" + query)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void aRawImageIsCaptionedWithItsNBestAttentionAndLstmTrace() throws Exception {
        HttpResponse<String> r = post("?n_best=3&attention=true&lstm=true", "image/png", samples.get(0));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(r);
        assertEquals(expected.get(0), body.get("caption").asText());
        assertEquals(3, body.get("n_best").size());
        int words = expected.get(0).split(" ").length + 1;
        assertEquals(words, body.get("attention").get("words").size());
        assertEquals(49, body.get("attention").get("weights").get(0).size());
        JsonNode lstm = body.get("lstm");
        assertEquals(256, lstm.get("hidden_size").asInt());
        assertEquals(words, lstm.get("steps").size());
        assertEquals(5, lstm.get("steps").get(0).get("next").size());
        assertEquals(256, lstm.get("steps").get(0).get("forget_gate").size());
    }

    @Test
    void theFieldsAreTheModelThenTheCommandLinesJsonLines() throws Exception {
        HttpResponse<String> r = post("?n_best=2&attention=true&lstm=true", "image/png", samples.get(0));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(List.of("model", "image", "caption", "score", "log_prob", "n_best", "attention", "lstm"), names(body));
        assertEquals(List.of("caption", "score", "log_prob"), names(body.get("n_best").get(0)));
        assertEquals(List.of("rows", "cols", "words", "weights"), names(body.get("attention")));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void withoutLengthNormalisationTheNBestRunByLogProbability() throws Exception {
        HttpResponse<String> r = post("?n_best=3&length_alpha=0", "image/png", samples.get(0));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode nBest = json(r).get("n_best");
        assertEquals(3, nBest.size());
        for (int i = 1; i < nBest.size(); i++) {
            assertTrue(nBest.get(i - 1).get("log_prob").asDouble() >= nBest.get(i).get("log_prob").asDouble(), r.body());
        }
    }

    @Test
    void severalImagesInOneMultipartRequestAreCaptionedAsABatch() throws Exception {
        Multipart form = new Multipart().file("image", "a.png", samples.get(1)).file("image", "b.png", samples.get(2))
                .field("beam", "2");
        HttpResponse<String> r = post("", form.contentType(), form.bytes());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = json(r).get("results");
        assertEquals(2, results.size());
        assertEquals("a.png", results.get(0).get("image").asText());
        assertEquals(2, results.get(1).get("n_best").size());
    }

    @Test
    void modelsAndHealthDescribeTheServer() throws Exception {
        JsonNode models = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("shapes", models.get(0).get("name").asText());
        assertEquals("show-attend-tell", models.get(0).get("decoder").asText());
        assertEquals(24000, models.get(0).get("training").get("images").asInt());
        JsonNode health = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri("/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("ok", health.get("status").asText());
    }

    /** Each bad request: its status and a word its one-line error must contain. */
    record Bad(String what, String query, String type, byte[] body, int status, String says) {}

    static List<Bad> badRequests() throws IOException {
        byte[] jpeg = caption.image.TestImages.encode(caption.image.TestImages.halves(64, 48), "jpg");
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        return List.of(
                new Bad("empty body", "", "image/png", new byte[0], 400, "empty body"),
                new Bad("text", "", "text/plain", "a photo of a cat".getBytes(StandardCharsets.UTF_8), 415, "not a decodable image"),
                new Bad("truncated JPEG", "", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2), 400, "truncated"),
                new Bad("random bytes", "", "application/octet-stream", random, 415, "not a decodable image"),
                new Bad("decompression bomb", "", "image/png", pngBomb(40_000), 413, "over the limit"),
                new Bad("upload over the limit", "", "image/png", new byte[(int) UPLOAD_LIMIT + 1], 413, "over the limit"),
                new Bad("unknown option", "?colour=blue", "image/png", new byte[10], 400, "unknown option 'colour'"),
                new Bad("bad option value", "?beam=0", "image/png", new byte[10], 400, "beam"),
                new Bad("negative length alpha", "?length_alpha=-1", "image/png", new byte[10], 400,
                        "option 'length_alpha' must be a number from 0 to 5, not '-1'"),
                new Bad("unknown model", "?model=cats", "image/png", new byte[10], 404, "no model 'cats'"));
    }

    @Test
    void badInputsAreFourHundredsWithOneLineJsonAndTheServerStaysUp() throws Exception {
        for (Bad bad : badRequests()) {
            HttpResponse<String> r = post(bad.query(), bad.type(), bad.body());
            assertEquals(bad.status(), r.statusCode(), bad.what() + ": " + r.body());
            String error = json(r).get("error").asText();
            assertTrue(error.contains(bad.says()), bad.what() + ": " + error);
            assertEquals(1, error.lines().count(), bad.what());
        }
        HttpResponse<String> after = post("", "image/png", samples.get(3));
        assertEquals(expected.get(3), json(after).get("caption").asText());
    }

    @Test
    void anUploadWithoutContentLengthIsRefusedWhileItStreams() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        int chunks = (int) (UPLOAD_LIMIT / chunk.length) + 8;
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/captions")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.fromPublisher(subscriber -> {
                    List<ByteBuffer> parts = new ArrayList<>();
                    for (int i = 0; i < chunks; i++) {
                        parts.add(ByteBuffer.wrap(chunk));
                    }
                    HttpRequest.BodyPublishers.ofByteArrays(parts.stream().map(ByteBuffer::array).toList())
                            .subscribe(subscriber);
                })).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
    }

    @Test
    void eightClientsOfTwentyFiveRequestsEachAreAllAnsweredRight() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                runs.add(clients.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        int k = (client + i) % samples.size();
                        HttpResponse<String> r = post("", "image/png", samples.get(k));
                        String caption = r.statusCode() == 200 ? json(r).get("caption").asText() : r.body();
                        if (!caption.equals(expected.get(k))) {
                            wrong.add(k + ": " + caption);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(List.of(), run.get());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndASlowAnswer504() throws Exception {
        Captioner shapes = Captioner.load("shapes");
        ServerSettings tight = ServerSettings.defaults().withPort(0).withBatching(false).withQueue(1, Duration.ofSeconds(30));
        try (CaptionServer busy = CaptionServer.start(tight, Map.of("shapes", shapes))) {
            URI captions = URI.create("http://127.0.0.1:" + busy.port() + "/v1/captions");
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(http.sendAsync(HttpRequest.newBuilder(captions).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(samples.get(i % 6))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int refused = 0;
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> r = all.get(i).get();
                if (r.statusCode() == 503) {
                    refused++;
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                } else {
                    assertEquals(expected.get(i % 6), json(r).get("caption").asText(), r.body());
                }
            }
            assertTrue(refused > 0, "a queue of one refuses some of 16 simultaneous requests");
        }
        ServerSettings hasty = ServerSettings.defaults().withPort(0).withQueue(8, Duration.ofNanos(1));
        try (CaptionServer slow = CaptionServer.start(hasty, Map.of("shapes", shapes))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + slow.port()
                    + "/v1/captions")).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(samples.get(0))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(504, r.statusCode(), r.body());
        }
    }

    /** A real decompression bomb: a side x side one-bit PNG of zeros, a few hundred KB deflated. */
    static byte[] pngBomb(int side) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(int32(side));
        header.write(int32(side));
        header.write(new byte[] {1, 0, 0, 0, 0}); // one bit per pixel, grey
        chunk(png, "IHDR", header.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[1 + (side + 7) / 8];
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(int32(data.length));
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(int32((int) crc.getValue()));
    }
}
