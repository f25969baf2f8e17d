package caption.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Memory view's API over {@code caption memory} folders: the summary (signals and co-clusters),
 * one cell over example captions, LSTMVis's pattern search and the recorded images. Every parameter
 * is checked; a refusal is an {@link ApiError}.
 */
final class MemoryEndpoints {

    static final int MAX_CAPTIONS = 200;
    static final int MAX_CELLS = 64;
    static final int MAX_RANGE = 20;
    static final int MAX_MATCHES = 100;
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "bmp", "image/bmp", "webp", "image/webp");

    private final Map<String, MemoryFolder> folders = new LinkedHashMap<>();
    private final BiConsumer<Context, Object> json;

    MemoryEndpoints(List<MemoryFolder> loaded, BiConsumer<Context, Object> json) {
        for (MemoryFolder folder : loaded) {
            if (folders.putIfAbsent(folder.name(), folder) != null) {
                throw new IllegalArgumentException("two memory folders are named '" + folder.name() + "'");
            }
        }
        this.json = json;
    }

    /** The folders' names, for the health answer: the page offers the Memory view when there is one. */
    List<String> folderNames() {
        return List.copyOf(folders.keySet());
    }

    void register(Javalin app) {
        app.get("/v1/memory", ctx -> json.accept(ctx, summary(folder(ctx))));
        app.get("/v1/memory/cell/{state}/{cell}", this::cell);
        app.get("/v1/memory/search", this::search);
        app.post("/v1/memory/search", this::search);
        app.get("/v1/memory/image/{caption}", this::image);
    }

    /** The folder a request names ({@code folder}), the first when it names none. */
    private MemoryFolder folder(Context ctx) {
        if (folders.isEmpty()) {
            throw new ApiError(404, "this server has no memory folder; start it with 'caption serve --memory DIR'");
        }
        String name = ctx.queryParam("folder");
        MemoryFolder folder = name == null ? folders.values().iterator().next() : folders.get(name);
        if (folder == null) {
            throw new ApiError(404, "no memory folder '" + name + "' (this server has " + folders.keySet() + ")");
        }
        return folder;
    }

    private Map<String, Object> summary(MemoryFolder folder) {
        JsonNode report = folder.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("folders", List.copyOf(folders.keySet()));
        body.put("folder", folder.name());
        body.put("model", report.path("model").asText());
        body.put("cells", folder.cells());
        body.put("rows", report.path("rows").asInt());
        body.put("captions", folder.captions().size());
        body.put("states", folder.stateNames());
        body.put("signal_meanings", report.path("signal_meanings"));
        body.put("signals", report.path("signals"));
        body.put("co_clusters", report.path("co_clusters"));
        return body;
    }

    private void cell(Context ctx) {
        MemoryFolder folder = folder(ctx);
        String state = state(folder, ctx.pathParam("state"));
        int cell = integer("cell", ctx.pathParam("cell"), 0, folder.cells() - 1);
        int count = integer("captions", param(ctx, "captions", "12"), 1, MAX_CAPTIONS);
        List<Map<String, Object>> captions = new ArrayList<>();
        for (int c = 0; c < Math.min(count, folder.captions().size()); c++) {
            Map<String, Object> caption = captionJson(folder, c);
            caption.put("values", folder.values(state, cell, c));
            captions.add(caption);
        }
        json.accept(ctx, Map.of("folder", folder.name(), "state", state, "cell", cell, "captions", captions));
    }

    private void search(Context ctx) {
        MemoryFolder folder = folder(ctx);
        int caption = integer("caption", required(ctx, "caption"), 0, folder.captions().size() - 1);
        int rows = folder.captions().get(caption).rows();
        int from = integer("from", required(ctx, "from"), 0, rows - 1);
        int to = integer("to", required(ctx, "to"), from, Math.min(rows - 1, from + MAX_RANGE - 1));
        String state = state(folder, param(ctx, "state", "hidden"));
        List<Integer> cells = cells(required(ctx, "cells"), folder.cells());
        double threshold = threshold(param(ctx, "threshold", "0"));
        int limit = integer("limit", param(ctx, "limit", "10"), 1, MAX_MATCHES);
        PatternSearch.Query query = new PatternSearch.Query(caption, from, to, cells, state, threshold, limit);
        List<Map<String, Object>> matches = new ArrayList<>();
        for (PatternSearch.Match match : PatternSearch.search(folder, query)) {
            Map<String, Object> m = captionJson(folder, match.caption());
            m.put("start", match.start());
            m.put("end", match.start() + query.length() - 1);
            m.put("score", match.score());
            matches.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("folder", folder.name());
        body.put("state", state);
        body.put("cells", cells);
        body.put("threshold", threshold);
        body.put("pattern", Map.of("caption", caption, "from", from, "to", to,
                "words", folder.words(caption).subList(from, to + 1)));
        body.put("matches", matches);
        json.accept(ctx, body);
    }

    /** The image file of a recorded caption, and only such a file. */
    private void image(Context ctx) throws IOException {
        MemoryFolder folder = folder(ctx);
        int caption = integer("caption", ctx.pathParam("caption"), 0, folder.captions().size() - 1);
        Path file = Path.of(folder.captions().get(caption).image());
        String name = file.getFileName().toString();
        String type = IMAGE_TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null || !Files.isRegularFile(file)) {
            throw new ApiError(404, "caption " + caption + "'s image is not here or not an image file");
        }
        ctx.contentType(type).header("Cache-Control", "max-age=3600").result(Files.readAllBytes(file));
    }

    private static Map<String, Object> captionJson(MemoryFolder folder, int caption) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("caption", caption);
        json.put("image", Path.of(folder.captions().get(caption).image()).getFileName().toString());
        json.put("image_url", "v1/memory/image/" + caption + "?folder=" + java.net.URLEncoder.encode(folder.name(),
                java.nio.charset.StandardCharsets.UTF_8));
        json.put("words", folder.words(caption));
        return json;
    }

    private static String param(Context ctx, String name, String fallback) {
        String value = ctx.queryParam(name);
        return value == null ? fallback : value;
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            throw new ApiError(400, "'" + name + "' is required");
        }
        return value;
    }

    private static String state(MemoryFolder folder, String state) {
        if (folder.state(state) == null) {
            throw new ApiError(400, "'state' must be one of " + folder.stateNames() + ", not '" + shown(state) + "'");
        }
        return state;
    }

    private static int integer(String name, String value, int least, int most) {
        try {
            int n = Integer.parseInt(value);
            if (n >= least && n <= most) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new ApiError(400, "'" + name + "' must be an integer from " + least + " to " + most + ", not '"
                + shown(value) + "'");
    }

    private static List<Integer> cells(String value, int width) {
        String[] parts = value.split(",", -1);
        if (parts.length > MAX_CELLS) {
            throw new ApiError(400, "'cells' may name at most " + MAX_CELLS + " cells, not " + parts.length);
        }
        List<Integer> cells = new ArrayList<>();
        for (String part : parts) {
            int cell = integer("cells", part, 0, width - 1);
            if (cells.contains(cell)) {
                throw new ApiError(400, "'cells' names cell " + cell + " twice");
            }
            cells.add(cell);
        }
        return cells;
    }

    private static double threshold(String value) {
        try {
            double t = Double.parseDouble(value);
            if (Double.isFinite(t) && Math.abs(t) <= 100) {
                return t;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiError(400, "'threshold' must be a number from -100 to 100, not '" + shown(value) + "'");
    }

    /** A client's value, cut short and on one line, for an error message. */
    private static String shown(String value) {
        String line = value.replaceAll("\\s", " ");
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }
}
