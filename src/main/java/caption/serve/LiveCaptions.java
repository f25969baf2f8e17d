package caption.serve;

import caption.image.ImageDecoder;
import caption.io.Json;
import caption.model.Caption;
import io.javalin.Javalin;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The page's camera mode: {@code /v1/live}, a WebSocket on which a client sends frames (JPEG or PNG
 * bytes, one binary message each; options in the URL's query, as for {@code /v1/captions}) and
 * receives each caption as the JSON of {@code /v1/captions} with the frame's number and the
 * server's latency. Frames go through the model's {@link ModelBatcher} like uploads, so live
 * clients and uploads share its batches; but a client has at most one frame with the model and one
 * waiting, and a newer frame replaces the waiting one: a client that sends faster than the model
 * captions never builds a queue, and the caption it gets next is of its newest frame.
 */
final class LiveCaptions {

    static final String PATH = "/v1/live";
    /** A paused page sends nothing; the socket stays open this long without a frame. */
    static final Duration IDLE = Duration.ofMinutes(10);
    /** Text messages carry nothing but a mistaken client's words; no reason to accept a large one. */
    static final long MAX_TEXT = 4096;

    /** A decoded frame: its number on its socket (1, 2, ... in arrival order) and when its bytes arrived. */
    private record Frame(long number, BufferedImage image, long arrivedNanos) {}

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Function<Map<String, List<String>>, RequestOptions> options;
    private final Map<String, ModelBatcher> batchers;
    private final long maxBytes;
    private final ImageDecoder decoder;

    /**
     * @param options a request's options checked as the HTTP API checks them (an {@link ApiError} when refused)
     */
    LiveCaptions(Function<Map<String, List<String>>, RequestOptions> options, Map<String, ModelBatcher> batchers,
            ServerSettings settings) {
        this.options = options;
        this.batchers = batchers;
        this.maxBytes = settings.maxUploadBytes();
        this.decoder = new ImageDecoder(settings.maxPixels());
    }

    void register(Javalin app) {
        app.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onBinaryMessage(this::frame);
            ws.onMessage(ctx -> send(ctx, error("send frames as binary messages (JPEG or PNG bytes); "
                    + "options go in the URL's query", null)));
            ws.onClose(ctx -> drop(ctx.sessionId()));
            ws.onError(ctx -> drop(ctx.sessionId()));
        });
    }

    /** Live clients connected now. */
    int connected() {
        return clients.size();
    }

    private void connect(WsConnectContext ctx) {
        // A frame over the upload limit is refused by Jetty while it arrives: the socket closes with 1009.
        ctx.session.setMaxBinaryMessageSize(maxBytes);
        ctx.session.setMaxTextMessageSize(MAX_TEXT);
        ctx.session.setIdleTimeout(IDLE);
        RequestOptions checked;
        try {
            checked = options.apply(ctx.queryParamMap());
        } catch (ApiError e) { // the options do not change on a socket: refuse it whole
            send(ctx, error(e.getMessage(), null));
            ctx.closeSession(1008, "bad options");
            return;
        }
        clients.put(ctx.sessionId(), new Client(ctx, checked, batchers.get(checked.model())));
    }

    private void frame(WsBinaryMessageContext ctx) {
        Client client = clients.get(ctx.sessionId());
        if (client == null) { // refused at connect, closing
            return;
        }
        long arrived = System.nanoTime();
        long number = client.nextNumber();
        if (ctx.length() == 0) {
            send(ctx, error("frame " + number + ": empty: send a JPEG or PNG image", number));
            return;
        }
        BufferedImage image;
        try { // decoded on the socket's thread, as uploads are on the request's: a bad frame is answered at once
            image = decoder.decode("frame " + number, Arrays.copyOfRange(ctx.data(), ctx.offset(), ctx.offset() + ctx.length()));
        } catch (ImageDecoder.ImageException e) {
            send(ctx, error(e.getMessage(), number));
            return;
        }
        client.offer(new Frame(number, image, arrived));
    }

    private void drop(String id) {
        Client client = clients.remove(id);
        if (client != null) {
            client.close();
        }
    }

    private static Map<String, Object> error(String message, Long frame) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        if (frame != null) {
            out.put("frame", frame);
        }
        return out;
    }

    private static void send(WsContext ctx, Map<String, Object> body) {
        try {
            String text = Json.COMPACT.writeValueAsString(body);
            synchronized (ctx.session) { // the batcher's thread and the socket's both answer
                if (ctx.session.isOpen()) {
                    ctx.send(text);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One socket: its options and the two frames it may have at the server, the one the model has
     * and the newest one waiting. All state changes under the object's lock.
     */
    private static final class Client {

        private final WsContext socket;
        private final RequestOptions options;
        private final ModelBatcher batcher;
        private long received;
        private long dropped;
        private Frame waiting;
        private CompletableFuture<Caption> captioning;
        private boolean closed;

        Client(WsContext socket, RequestOptions options, ModelBatcher batcher) {
            this.socket = socket;
            this.options = options;
            this.batcher = batcher;
        }

        synchronized long nextNumber() {
            return ++received;
        }

        /** Captions the frame now if the model has none of this client's, else keeps it instead of any waiting one. */
        synchronized void offer(Frame frame) {
            if (closed) {
                return;
            }
            if (captioning != null) {
                if (waiting != null) {
                    dropped++;
                }
                waiting = frame;
                return;
            }
            start(frame);
        }

        /** A closed socket's waiting frame is dropped and its frame in the queue cancelled (one being captioned finishes unsent). */
        synchronized void close() {
            closed = true;
            waiting = null;
            if (captioning != null) {
                captioning.cancel(false);
            }
        }

        private void start(Frame frame) {
            CompletableFuture<Caption> result;
            try {
                result = batcher.submit(frame.image(), options.caption());
            } catch (ApiError e) { // the model's queue is full: this frame is lost, the next one tries again
                dropped++;
                send(socket, error(e.getMessage(), frame.number()));
                return;
            }
            captioning = result;
            result.whenComplete((caption, failure) -> finished(frame, caption, failure));
        }

        private void finished(Frame frame, Caption caption, Throwable failure) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (failure == null) {
                    send(socket, answer(frame, caption));
                } else if (!(failure instanceof CancellationException)) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    send(socket, error("captioning failed: " + cause.getMessage(), frame.number()));
                }
                captioning = null;
                Frame next = waiting;
                waiting = null;
                if (next != null) {
                    start(next);
                }
            }
        }

        private Map<String, Object> answer(Frame frame, Caption caption) {
            Map<String, Object> out = ModelJson.caption(options.model(), caption.from("frame " + frame.number()));
            out.put("frame", frame.number());
            out.put("latency_ms", (System.nanoTime() - frame.arrivedNanos()) / 1_000_000);
            out.put("dropped", dropped);
            return out;
        }
    }
}
