package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.ShapesGenerator;
import caption.video.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caption VIDEO}: cues on stdout, a folder of good and bad videos, usage errors. */
class VideoCommandTest {

    private static final String MODEL = "pretrained/shapes-show-tell.zip";

    @TempDir
    static Path dir;
    private static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        ShapesGenerator generator = new ShapesGenerator(7);
        video = dir.resolve("three scenes.mp4");
        TestVideos.write(video, TestVideos.Kind.MP4_H264, List.of(TestVideos.bgr(generator.generate(2).image()),
                TestVideos.bgr(generator.generate(3).image()), TestVideos.bgr(generator.generate(4).image())), 1.0, 10, Map.of());
    }

    @Test
    void oneVideoWritesSrtToStdout() {
        CliRun r = CliRun.of("--model", MODEL, "--scenes", video.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                1
                00:00:00,000 --> 00:00:01,000
                there is a green square

                2
                00:00:01,000 --> 00:00:02,000
                there is an orange circle

                3
                00:00:02,000 --> 00:00:03,000
                there is an orange diamond

                """, r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void webVttToAFileEverySecond() throws Exception {
        Path out = dir.resolve("out.vtt");
        CliRun r = CliRun.of("--model", MODEL, "--every", "1s", "--format", "vtt", "-o", out.toString(), video.toString());
        assertEquals(0, r.exit(), r.err());
        String vtt = Files.readString(out);
        assertTrue(vtt.startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nthere is a green square\n"), vtt);
        assertEquals(3, vtt.split("-->").length - 1, vtt);
    }

    @Test
    void aFolderOfVideosGoesOnPastBadOnes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("videos"));
        Files.copy(video, folder.resolve("a.mp4"));
        Files.writeString(folder.resolve("b.mp4"), "not a video");
        byte[] bytes = Files.readAllBytes(video);
        Files.write(folder.resolve("c.mkv"), Arrays.copyOf(bytes, 100));
        TestVideos.writeAudioOnly(folder.resolve("d.mp4"));
        Files.copy(video, folder.resolve("e.mov"));
        Files.writeString(folder.resolve("notes.txt"), "skipped");
        CliRun r = CliRun.of("--model", MODEL, "--every", "1s", "--format", "jsonl", folder.toString());
        assertEquals(1, r.exit(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith(folder.toString())).toList();
        assertEquals(3, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith(folder.resolve("b.mp4") + ": not a video"), r.err());
        assertTrue(errors.get(2).equals(folder.resolve("d.mp4") + ": no video stream (audio only)"), r.err());
        assertTrue(r.err().contains("captioned 2 videos (6.0 s of video), failed 3"), r.err());
        long cues = r.out().lines().filter(l -> l.contains("\"caption\"")).count();
        assertEquals(6, cues, r.out());
    }

    @Test
    void badDurationsAndConflictsAreUsageErrors() {
        for (String bad : List.of("2", "0s", "fast", "-1s")) {
            CliRun r = CliRun.of("--model", MODEL, "--every", bad, video.toString());
            assertEquals(2, r.exit(), bad + ": " + r.err());
            assertTrue(r.err().contains("Invalid value for option '--every'"), r.err());
        }
        assertEquals(2, CliRun.of("--model", MODEL, "--every", "1s", "--scenes", video.toString()).exit());
        CliRun tsv = CliRun.of("--model", MODEL, "--format", "tsv", video.toString());
        assertEquals(2, tsv.exit());
        assertTrue(tsv.err().contains("--format for videos must be srt, vtt or jsonl"), tsv.err());
    }
}
