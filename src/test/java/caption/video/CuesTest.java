package caption.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations, the samplers, the scene measure, cue merging and the three cue formats. */
class CuesTest {

    @Test
    void durationsParseWithUnits() {
        assertEquals(2_000_000L, Durations.parseMicros("2s"));
        assertEquals(500_000L, Durations.parseMicros("500ms"));
        assertEquals(1_500_000L, Durations.parseMicros("1.5s"));
        assertEquals(60_000_000L, Durations.parseMicros("1m"));
        assertEquals(3_600_000_000L, Durations.parseMicros("1h"));
        for (String bad : List.of("2", "0s", "-1s", "abc", "1.5", "2 sec", "", "0.1ms", "25h")) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros(bad), bad);
        }
    }

    @Test
    void everySamplerTakesTheFirstFrameAtOrAfterEachMultiple() {
        FrameSampler every = FrameSampler.every(1_000_000);
        long[] times = {0, 330_000, 990_000, 1_010_000, 1_500_000, 4_200_000, 4_300_000, 5_000_000};
        List<Long> taken = java.util.Arrays.stream(times).filter(t -> every.take(t, () -> null)).boxed().toList();
        assertEquals(List.of(0L, 1_010_000L, 4_200_000L, 5_000_000L), taken);
    }

    @Test
    void sceneDetectorComparesWithTheLastScene() {
        SceneChangeDetector detector = new SceneChangeDetector(SceneChangeDetector.DEFAULT_THRESHOLD);
        assertTrue(detector.isChange(plain(new Color(230, 230, 230))));
        assertEquals(false, detector.isChange(plain(new Color(231, 230, 229))));
        // a slow fade: no step reaches the threshold, but the drift from the scene's first frame does
        int changes = 0;
        for (int level = 230; level >= 200; level -= 2) {
            changes += detector.isChange(plain(new Color(level, level, level))) ? 1 : 0;
        }
        assertTrue(changes >= 1 && changes <= 5, "changes " + changes);
        assertEquals(0.0, SceneChangeDetector.difference(plain(Color.RED), plain(Color.RED)));
        assertEquals(1.0 / 3, SceneChangeDetector.difference(plain(Color.RED), plain(Color.BLACK)), 1e-6);
    }

    @Test
    void equalConsecutiveCaptionsMergeAndCuesMeet() {
        List<CueMerger.Sample> samples = List.of(new CueMerger.Sample(0, "a red circle"),
                new CueMerger.Sample(1_000_000, "a red circle"), new CueMerger.Sample(2_000_000, "a blue square"),
                new CueMerger.Sample(3_000_000, "a red circle"));
        assertEquals(List.of(new Cue(0, 2_000_000, "a red circle"), new Cue(2_000_000, 3_000_000, "a blue square"),
                new Cue(3_000_000, 4_500_000, "a red circle")), CueMerger.merge(samples, 4_500_000));
        assertEquals(List.of(), CueMerger.merge(List.of(), 1_000_000));
    }

    private static final List<Cue> CUES = List.of(new Cue(0, 2_000_000, "a red circle"),
            new Cue(2_000_000, 3_723_456, "there is a blue square"), new Cue(3_723_456, 3_725_000_000L, "two green crosses"));

    @Test
    void srt() throws Exception {
        assertEquals("""
                1
                00:00:00,000 --> 00:00:02,000
                a red circle

                2
                00:00:02,000 --> 00:00:03,723
                there is a blue square

                3
                00:00:03,723 --> 01:02:05,000
                two green crosses

                """, write(CueFormat.SRT));
    }

    @Test
    void webVtt() throws Exception {
        assertEquals("""
                WEBVTT

                00:00:00.000 --> 00:00:02.000
                a red circle

                00:00:02.000 --> 00:00:03.723
                there is a blue square

                00:00:03.723 --> 01:02:05.000
                two green crosses

                """, write(CueFormat.VTT));
    }

    @Test
    void jsonLines() throws Exception {
        List<String> lines = write(CueFormat.JSONL).lines().toList();
        assertEquals(3, lines.size());
        Map<String, Object> second = Json.COMPACT.readValue(lines.get(1), Json.OBJECT);
        assertEquals(Map.of("video", "clip.mp4", "start", 2.0, "end", 3.723456, "caption", "there is a blue square"), second);
        assertEquals(CueFormat.VTT, CueFormat.parse("vtt"));
        assertThrows(IllegalArgumentException.class, () -> CueFormat.parse("tsv"));
    }

    private static String write(CueFormat format) throws Exception {
        StringWriter out = new StringWriter();
        format.write(out, "clip.mp4", CUES);
        return out.toString();
    }

    private static BufferedImage plain(Color colour) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        return image;
    }
}
