package caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one JSON form of a caption, byte for byte: what the CLI's JSON lines and the server both write. */
class CaptionJsonTest {

    private static Caption scene() {
        return Caption.best(List.of(new Alternative("a red square", -0.25, -0.75),
                new Alternative("a red circle", -0.5, -1.5))).from("scenes/0.png");
    }

    @Test
    void aCaptionIsImageCaptionScoresAndItsNBestInThatOrder() throws Exception {
        assertEquals("{\"image\":\"scenes/0.png\",\"caption\":\"a red square\",\"score\":-0.25,\"log_prob\":-0.75,"
                + "\"n_best\":[{\"caption\":\"a red square\",\"score\":-0.25,\"log_prob\":-0.75},"
                + "{\"caption\":\"a red circle\",\"score\":-0.5,\"log_prob\":-1.5}]}", CaptionJson.line(scene()));
    }

    @Test
    void attentionFollowsAsRowsColsWordsWeights() throws Exception {
        AttentionMap map = new AttentionMap(1, 2, List.of("square", "<end>"), new float[][] {{0.25f, 0.75f}, {1, 0}});
        String line = CaptionJson.line(scene().keepingBest(1).withAttention(map));
        assertEquals("{\"image\":\"scenes/0.png\",\"caption\":\"a red square\",\"score\":-0.25,\"log_prob\":-0.75,"
                + "\"n_best\":[{\"caption\":\"a red square\",\"score\":-0.25,\"log_prob\":-0.75}],"
                + "\"attention\":{\"rows\":1,\"cols\":2,\"words\":[\"square\",\"<end>\"],"
                + "\"weights\":[[0.25,0.75],[1.0,0.0]]}}", line);
    }

    @Test
    void aFailedImageIsItsNameAndReason() throws Exception {
        assertEquals("{\"image\":\"x.jpg\",\"error\":\"x.jpg: empty file\"}",
                CaptionJson.line(Caption.failed("x.jpg", "x.jpg: empty file")));
    }

    @Test
    void namingAndTrimmingKeepTheRest() {
        Caption c = scene();
        Caption one = c.keepingBest(1);
        assertEquals(List.of(c.nBest().get(0)), one.nBest());
        assertEquals(c.text(), one.text());
        assertEquals("other.png", c.from("other.png").source());
        assertEquals(c.nBest(), c.keepingBest(5).nBest());
    }
}
