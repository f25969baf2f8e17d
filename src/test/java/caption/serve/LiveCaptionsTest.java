package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import caption.data.shapes.CaptionChecker;
import caption.data.shapes.ShapesGenerator;
import caption.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /v1/live} in-process on the bundled shapes model, through Java's own WebSocket client:
 * frames of generated scenes (PNG and JPEG) are captioned truly, frames sent faster than the model
 * captions are dropped but the newest is captioned, and bad frames, text and options are answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveCaptionsTest {

    static final long SEED = 7;
    static final int SCENES = 6;
    static final long UPLOAD_LIMIT = 2L * 1024 * 1024;

    private CaptionServer server;
    private HttpClient http;
    private final List<ShapesGenerator.GeneratedScene> scenes = new ArrayList<>();
    private final CaptionChecker checker = new CaptionChecker();

    @BeforeAll
    void start() throws Exception {
        server = CaptionServer.start(ServerSettings.defaults().withPort(0).withLimits(UPLOAD_LIMIT, 1_000_000),
                Map.of("shapes", Captioner.load("shapes")));
        http = HttpClient.newHttpClient();
        ShapesGenerator generator = new ShapesGenerator(SEED);
        for (int i = 0; i < SCENES; i++) {
            scenes.add(generator.generate(i));
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A socket's messages as they arrive, and how it closed. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Json.MAPPER.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(byte[] frame) {
            socket.sendBinary(ByteBuffer.wrap(frame), true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(30, TimeUnit.SECONDS);
            assertNotNull(message, "an answer within 30 s");
            return message;
        }
    }

    Client connect(String query) {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + LiveCaptions.PATH + query), client).join();
        return client;
    }

    byte[] frame(int scene, String format) throws IOException {
        BufferedImage image = scenes.get(scene).image();
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(rgb, format, out));
        return out.toByteArray();
    }

    void assertTrueOf(int scene, JsonNode answer) {
        String caption = answer.get("caption").asText();
        CaptionChecker.Verdict verdict = checker.check(caption, scenes.get(scene).scene());
        assertTrue(verdict.isTrue(), "scene " + scene + ": '" + caption + "' " + verdict);
    }

    @Test
    void eachFrameIsCaptionedTrulyWithTheApisFields() throws Exception {
        Client client = connect("?attention=true&lstm=true&n_best=2");
        for (int i = 0; i < 4; i++) {
            client.send(frame(i, i % 2 == 0 ? "png" : "jpeg"));
            JsonNode answer = client.next();
            assertNull(answer.get("error"), answer.toString());
            assertEquals(i + 1, answer.get("frame").asInt());
            assertEquals("shapes", answer.get("model").asText());
            assertEquals("frame " + (i + 1), answer.get("image").asText());
            assertTrueOf(i, answer);
            assertEquals(2, answer.get("n_best").size());
            int words = answer.get("caption").asText().split(" ").length + 1;
            assertEquals(words, answer.get("attention").get("words").size());
            assertEquals(words, answer.get("lstm").get("steps").size());
            assertTrue(answer.get("latency_ms").asLong() >= 0);
            assertEquals(0, answer.get("dropped").asInt());
        }
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void framesSentFasterThanTheModelCaptionsAreDroppedAndTheNewestIsCaptioned() throws Exception {
        Client client = connect("?attention=true&lstm=true");
        int frames = 30;
        for (int i = 0; i < frames; i++) { // as fast as the socket takes them
            client.send(frame(i % (SCENES - 1), "png"));
        }
        int last = SCENES - 1; // a scene no earlier frame showed
        client.send(frame(last, "jpeg"));
        frames++;
        List<JsonNode> answers = new ArrayList<>();
        do {
            answers.add(client.next());
            assertNull(answers.get(answers.size() - 1).get("error"), answers.toString());
        } while (answers.get(answers.size() - 1).get("frame").asInt() < frames);
        assertNull(client.messages.poll(500, TimeUnit.MILLISECONDS), "nothing after the newest frame's caption");
        List<Integer> numbers = answers.stream().map(a -> a.get("frame").asInt()).toList();
        System.out.println(frames + " frames sent, captions of frames " + numbers);
        assertTrue(answers.size() < frames, "stale frames are dropped: " + numbers);
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) > numbers.get(i - 1), "in order: " + numbers);
        }
        JsonNode newest = answers.get(answers.size() - 1);
        assertTrueOf(last, newest);
        assertEquals(frames - answers.size(), newest.get("dropped").asInt(), newest.get("dropped").toString());
        for (JsonNode answer : answers) { // each caption is of the frame it names
            int number = answer.get("frame").asInt();
            assertTrueOf(number == frames ? last : (number - 1) % (SCENES - 1), answer);
        }
    }

    @Test
    void badBytesAndTextAreAnsweredAndTheSocketStaysUsable() throws Exception {
        Client client = connect("");
        client.send("this is text, not a frame".getBytes(StandardCharsets.UTF_8));
        JsonNode error = client.next();
        assertEquals("frame 1: not a decodable image", error.get("error").asText());
        assertEquals(1, error.get("frame").asInt());

        client.send(new byte[0]);
        assertTrue(client.next().get("error").asText().startsWith("frame 2: empty"));

        client.socket.sendText("{\"beam\": 3}", true).join();
        assertTrue(client.next().get("error").asText().startsWith("send frames as binary messages"));

        client.send(frame(0, "png"));
        JsonNode answer = client.next();
        assertEquals(3, answer.get("frame").asInt(), answer.toString());
        assertTrueOf(0, answer);
        assertFalse(client.closed.isDone());
    }

    @Test
    void badOptionsAreAnsweredAndTheSocketClosed() throws Exception {
        Client client = connect("?beam=0");
        assertEquals("option 'beam' must be a whole number from 1 to 20, not '0'", client.next().get("error").asText());
        assertEquals(1008, client.closed.get(10, TimeUnit.SECONDS));
        Client unknown = connect("?model=cats");
        assertTrue(unknown.next().get("error").asText().startsWith("no model 'cats'"));
        assertEquals(1008, unknown.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFrameOverTheUploadLimitClosesTheSocket() throws Exception {
        Client client = connect("");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[(int) UPLOAD_LIMIT + 1]), true);
        assertEquals(1009, client.closed.get(10, TimeUnit.SECONDS)); // "message too big"
    }
}
