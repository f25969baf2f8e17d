package caption.model;

import caption.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A caption as JSON, the one place its field names are decided, for the command line's JSON lines
 * and the server alike: {@code image, caption, score, log_prob, n_best} (each alternative's
 * {@code caption, score, log_prob}), then {@code attention} ({@code rows, cols, words, weights}) and
 * {@code lstm} when present; a failed image is {@code image, error}. Fields keep this order.
 */
public final class CaptionJson {

    private CaptionJson() {}

    /** The caption's fields, in order, to be written as one JSON object (a caller may put fields before them). */
    public static Map<String, Object> fields(Caption c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image", c.source());
        if (!c.ok()) {
            out.put("error", c.error());
            return out;
        }
        out.put("caption", c.text());
        out.put("score", c.score());
        out.put("log_prob", c.logProb());
        List<Map<String, Object>> nBest = new ArrayList<>();
        for (Alternative a : c.nBest()) {
            Map<String, Object> alternative = new LinkedHashMap<>();
            alternative.put("caption", a.text());
            alternative.put("score", a.score());
            alternative.put("log_prob", a.logProb());
            nBest.add(alternative);
        }
        out.put("n_best", nBest);
        if (c.attention() != null) {
            out.put("attention", c.attention());
        }
        if (c.lstm() != null) {
            out.put("lstm", c.lstm());
        }
        return out;
    }

    /** The caption as one line of compact JSON, without the line end. */
    public static String line(Caption c) throws JsonProcessingException {
        return Json.COMPACT.writeValueAsString(fields(c));
    }
}
