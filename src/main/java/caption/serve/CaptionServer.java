package caption.serve;

import caption.api.Captioner;
import caption.io.Json;
import caption.model.Caption;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The captioning server: the JSON API under {@code /v1}, the live captions of a camera's frames on a
 * WebSocket ({@link LiveCaptions}) and the web page at {@code /}, each model loaded once and shared
 * by all requests through its {@link ModelBatcher}, and the Memory view of {@code caption memory}
 * folders ({@link MemoryEndpoints}). It never fetches
 * anything a client names; images come in the request.
 */
public final class CaptionServer implements AutoCloseable {

    static final String WEB = "/web";

    private final ServerSettings settings;
    private final Map<String, Captioner> models;
    private final Map<String, ModelBatcher> batchers = new LinkedHashMap<>();
    private final String defaultModel;
    private final Uploads uploads;
    private final MemoryEndpoints memory;
    private final Javalin app;

    private CaptionServer(ServerSettings settings, Map<String, Captioner> models, List<MemoryFolder> memory) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one model");
        }
        this.settings = settings;
        this.models = new LinkedHashMap<>(models);
        this.defaultModel = models.keySet().iterator().next();
        this.uploads = new Uploads(settings.maxUploadBytes(), settings.maxPixels());
        models.forEach((name, captioner) -> batchers.put(name, new ModelBatcher(name, captioner, settings)));
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            if (CaptionServer.class.getResource(WEB + "/index.html") != null) {
                config.staticFiles.add(WEB, Location.CLASSPATH);
            }
            config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
        });
        app.get("/v1/health", this::health);
        app.get("/v1/models", ctx -> json(ctx, 200, models.values().stream().map(c -> ModelJson.model(c.info())).toList()));
        app.post("/v1/captions", this::captions);
        new LiveCaptions(this::options, batchers, settings).register(app);
        this.memory = new MemoryEndpoints(memory, (ctx, body) -> json(ctx, 200, body));
        this.memory.register(app);
        app.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfter > 0) {
                ctx.header("Retry-After", Integer.toString(e.retryAfter));
            }
            json(ctx, e.status, Map.of("error", e.getMessage()));
        });
        app.exception(HttpResponseException.class, (e, ctx) -> json(ctx, e.getStatus(), Map.of("error", oneLine(e))));
        app.exception(Exception.class, (e, ctx) -> {
            e.printStackTrace(); // the operator's log has the details; the client a line without Java
            json(ctx, 500, Map.of("error", "internal error: " + oneLine(e)));
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/v1/") && (ctx.result() == null || ctx.result().isEmpty())) {
                json(ctx, 404, Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    /** Starts serving the models (the first is the default) on the settings' address; port 0 picks a free one. */
    public static CaptionServer start(ServerSettings settings, Map<String, Captioner> models) {
        return start(settings, models, List.of());
    }

    /** As {@link #start(ServerSettings, Map)}, with the Memory view over {@code caption memory} folders. */
    public static CaptionServer start(ServerSettings settings, Map<String, Captioner> models, List<MemoryFolder> memory) {
        CaptionServer server = new CaptionServer(settings, models, memory);
        server.app.start(settings.host(), settings.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    private void health(Context ctx) {
        int waiting = batchers.values().stream().mapToInt(ModelBatcher::waiting).sum();
        json(ctx, 200, Map.of("status", "ok", "models", List.copyOf(models.keySet()), "queue", waiting,
                "memory", memory.folderNames()));
    }

    private void captions(Context ctx) throws Exception {
        boolean multipart = Uploads.isMultipart(ctx);
        Map<String, List<String>> fields = new LinkedHashMap<>(ctx.queryParamMap());
        List<Uploads.Upload> images = multipart ? uploads.read(ctx) : null; // parsing a multipart body gives its fields
        if (multipart) {
            java.util.Set<String> fileFields = ctx.uploadedFileMap().keySet();
            ctx.formParamMap().forEach((name, values) -> {
                if (!fileFields.contains(name)) {
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
                }
            });
        }
        RequestOptions options = options(fields);
        ModelBatcher batcher = batchers.get(options.model());
        if (!multipart) {
            images = uploads.read(ctx);
        }
        List<CompletableFuture<Caption>> pending = new ArrayList<>();
        for (Uploads.Upload upload : images) {
            pending.add(batcher.submit(upload.image(), options.caption()));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (int i = 0; i < images.size(); i++) {
            results.add(ModelJson.caption(options.model(), await(pending, i, deadline).from(images.get(i).name())));
        }
        json(ctx, 200, images.size() > 1 ? Map.of("results", results) : results.get(0));
    }

    /** A request's options, checked against the model they name; an {@link ApiError} when refused. */
    private RequestOptions options(Map<String, List<String>> fields) {
        RequestOptions options = RequestOptions.parse(fields, defaultModel, settings.maxPixels());
        if (!batchers.containsKey(options.model())) {
            throw new ApiError(404, "no model '" + options.model() + "' (this server has " + models.keySet() + ")");
        }
        try {
            models.get(options.model()).search(options.caption());
        } catch (IllegalArgumentException e) { // options that contradict the model's own search
            throw new ApiError(400, e.getMessage());
        }
        return options;
    }

    private Caption await(List<CompletableFuture<Caption>> pending, int i, long deadline) throws InterruptedException {
        try {
            return pending.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.forEach(f -> f.cancel(false));
            throw new ApiError(504, "no caption within " + settings.timeout().toSeconds() + " s; try again or send fewer images");
        } catch (ExecutionException e) {
            throw new ApiError(500, "captioning failed: " + oneLine(e.getCause()));
        }
    }

    /** A one-line reason for a client, without the exception's class. */
    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "no details" : message.lines().findFirst().orElse("").strip();
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.COMPACT.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
        batchers.values().forEach(ModelBatcher::close);
    }
}
