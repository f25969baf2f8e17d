package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import caption.api.SearchOption;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Random (seeded) and contradictory values for every option, and odd requests to every endpoint,
 * against the real server on the bundled shapes model: every answer is 2xx or 4xx, and every 4xx
 * is one line of JSON with an error that shows no Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsTest {

    private static final Path IMAGES = Path.of("datasets/shapes/samples/images");
    /** Values of every kind, in range and out, well formed and not. */
    private static final List<String> VALUES = List.of("1", "2", "3", "5", "20", "0", "-1", "21", "50", "51", "0.5",
            "0.01", "10", "10.5", "1e3", "-0", "NaN", "Infinity", "x", "", " 3 ", "true", "false", "on", "beam", "greedy",
            "sample", "SAMPLE", "2147483648", "99999999999999999999", "%", "é", "3;4", "null");

    private CaptionServer server;
    private byte[] image;

    @BeforeAll
    void start() throws IOException {
        server = CaptionServer.start(ServerSettings.defaults().withPort(0).withLimits(1024 * 1024, 1_000_000),
                Map.of("shapes", Captioner.load("shapes")));
        image = Files.readAllBytes(IMAGES.resolve("000000.png"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void randomValuesOfEveryOptionAreAnsweredOrRefusedInOneLine() throws IOException {
        Random random = new Random(40);
        List<String> names = new ArrayList<>(RequestOptions.NAMES);
        names.add("colour");
        int answered = 0;
        for (int i = 0; i < 240; i++) {
            StringBuilder query = new StringBuilder();
            Multipart form = new Multipart().file("image", "scene.png", image);
            int count = 1 + random.nextInt(4);
            for (int k = 0; k < count; k++) {
                String name = names.get(random.nextInt(names.size()));
                String value = random.nextInt(3) == 0 ? VALUES.get(random.nextInt(VALUES.size())) : likely(name, random);
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encode(value));
                form.field(name, value);
            }
            Answer answer = i % 3 == 0 ? post("/v1/captions", form.contentType(), form.bytes())
                    : post("/v1/captions" + query, "image/png", image);
            String what = (i % 3 == 0 ? "multipart " : "") + query;
            assertAnsweredOrRefused(answer, what);
            if (answer.status() == 200) {
                answered++;
                assertFalse(json(answer, what).path("caption").asText().isEmpty(), what + ": " + answer.body());
            }
        }
        assertTrue(answered > 20, "some random requests are good ones: " + answered);
    }

    @Test
    void valuesThatContradictEachOtherOrTheModelAreRefused() throws IOException {
        List<String> contradictions = List.of("min_length=10&max_length=5", "n_best=5&beam=3", "method=greedy&beam=3",
                "temperature=0.5", "method=beam&temperature=2", "min_length=30", "min_length=21&beam=2",
                "method=greedy&n_best=2", "method=greedy&beam=2&temperature=0.5", "beam=3&beam=4");
        for (String query : contradictions) {
            Answer answer = post("/v1/captions?" + query, "image/png", image);
            assertEquals(400, answer.status(), query + ": " + answer.body());
            assertAnsweredOrRefused(answer, query);
        }
        Answer sampled = post("/v1/captions?method=sample&temperature=0.5&beam=4&n_best=4&min_length=5&max_length=30",
                "image/png", image);
        assertEquals(4, json(sampled, "sampling").get("n_best").size(), sampled.body());
    }

    @Test
    void everyOptionOutOfRangeIsRefusedNamingItAndItsRange() throws IOException {
        for (SearchOption option : SearchOption.values()) {
            Answer answer = post("/v1/captions?" + option.field() + "=nonsense", "image/png", image);
            assertEquals(400, answer.status(), option + ": " + answer.body());
            assertEquals("option '" + option.field() + "' must be " + option.range() + ", not 'nonsense'",
                    json(answer, option.field()).get("error").asText());
        }
    }

    @Test
    void oddRequestsToEveryEndpointAreNeverAServerError() throws IOException {
        Multipart fieldsOnly = new Multipart().field("beam", "3");
        Multipart empty = new Multipart();
        String[][] requests = {
            {"GET", "/v1/captions", null}, {"PUT", "/v1/captions", "image/png"}, {"DELETE", "/v1/captions", null},
            {"POST", "/v1/models", "application/json"}, {"POST", "/v1/health", null}, {"GET", "/v1/health?beam=0", null},
            {"GET", "/v1/models?x=%zz", null}, {"POST", "/", "image/png"}, {"GET", "/../../etc/passwd", null},
            {"GET", "/v1/nowhere", null}, {"GET", "/nowhere.js", null}, {"OPTIONS", "/v1/captions", null},
            {"POST", "/v1/captions?beam=%zz", "image/png"}, {"POST", "/v1/captions?=3&&", "image/png"},
            {"POST", "/v1/captions?beam=%00", "image/png"}, {"POST", "/v1/captions?%E9=1", "image/png"},
            {"POST", "/v1/captions", "multipart/form-data"}, {"POST", "/v1/captions", "multipart/form-data; boundary=x"},
            {"POST", "/v1/captions", "multipart/form-data; boundary="}, {"POST", "/v1/captions", ";;;"},
            {"POST", "/v1/captions", "application/x-www-form-urlencoded"}, {"POST", "/v1/captions", "text/plain; charset=nope"},
        };
        for (String[] r : requests) {
            Answer answer = send(r[0], r[1], r[2], r[2] == null ? new byte[0] : image);
            String what = r[0] + " " + r[1] + " " + r[2];
            if (r[1].startsWith("/v1/")) {
                assertAnsweredOrRefused(answer, what);
            } else { // the page's static files: any 4xx the web server words
                assertNoServerError(answer, what);
            }
        }
        assertAnsweredOrRefused(post("/v1/captions", fieldsOnly.contentType(), fieldsOnly.bytes()), "fields alone");
        assertAnsweredOrRefused(post("/v1/captions", empty.contentType(), empty.bytes()), "no parts");
        assertAnsweredOrRefused(post("/v1/captions", empty.contentType(), "--caption-boundary-7f3a\r\ngarbage"
                .getBytes(StandardCharsets.US_ASCII)), "a broken part");
        assertAnsweredOrRefused(post("/v1/captions", "image/png", new byte[0]), "empty body");
        assertEquals(200, send("GET", "/", null, new byte[0]).status());
        assertEquals(200, send("GET", "/v1/models", null, new byte[0]).status());
    }

    /** A value in the option's range, mostly: most requests get past the checks. */
    private static String likely(String option, Random random) {
        return switch (option) {
            case "beam", "n_best" -> Integer.toString(1 + random.nextInt(5));
            case "max_length" -> Integer.toString(1 + random.nextInt(30));
            case "min_length" -> Integer.toString(random.nextInt(8));
            case "length_alpha" -> Double.toString(random.nextInt(20) / 10.0);
            case "temperature" -> Double.toString(0.5 + random.nextInt(15) / 10.0);
            case "method" -> List.of("beam", "greedy", "sample").get(random.nextInt(3));
            case "model" -> "shapes";
            default -> Boolean.toString(random.nextBoolean());
        };
    }

    private static void assertNoServerError(Answer answer, String what) {
        int status = answer.status();
        assertTrue(status >= 200 && status < 300 || status >= 400 && status < 500, what + ": " + status + " " + answer.body());
    }

    /** 2xx, or 4xx with one line of JSON holding an error without Java in it. */
    private static void assertAnsweredOrRefused(Answer answer, String what) throws IOException {
        assertNoServerError(answer, what);
        if (answer.status() >= 400) {
            assertEquals(1, answer.body().strip().lines().count(), what + ": " + answer.body());
            String error = json(answer, what).path("error").asText();
            assertFalse(error.isBlank(), what + ": " + answer.body());
            assertFalse(error.contains("Exception") || error.contains("java."), what + ": " + error);
        }
    }

    private static JsonNode json(Answer answer, String what) throws IOException {
        assertTrue(answer.contentType().startsWith("application/json"), what + ": " + answer.contentType());
        return Json.MAPPER.readTree(answer.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Answer post(String target, String contentType, byte[] body) throws IOException {
        return send("POST", target, contentType, body);
    }

    /** One request over a raw socket, so that malformed targets and headers reach the server as they are. */
    private Answer send(String method, String target, String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return Answer.read(socket.getInputStream());
        }
    }

    /** A response's status, content type and body (the server closes the connection after it). */
    record Answer(int status, String contentType, String body) {

        static Answer read(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            String head = new String(all, 0, split < 0 ? all.length : split, StandardCharsets.ISO_8859_1);
            byte[] body = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(all, split + 4, all.length);
            String type = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).findFirst()
                    .map(l -> l.substring(13).strip()).orElse("");
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(head.split(" ", 3)[1]), type, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] unchunk(byte[] chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int at = 0, end; (end = indexOf(chunked, crlf, at)) > 0; ) {
                int size = Integer.parseInt(new String(chunked, at, end - at, StandardCharsets.US_ASCII).strip(), 16);
                if (size == 0) {
                    break;
                }
                body.write(chunked, end + 2, size);
                at = end + 2 + size + 2;
            }
            return body.toByteArray();
        }

        private static int indexOf(byte[] bytes, byte[] part, int from) {
            for (int i = from; i + part.length <= bytes.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
