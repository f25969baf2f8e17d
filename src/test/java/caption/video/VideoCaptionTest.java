package caption.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.data.shapes.CaptionChecker;
import caption.data.shapes.ShapesGenerator;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkable test: a video of 6 generated shape scenes, 2 s each at 10 frames/s (H.264 in
 * MP4), captioned by the bundled shapes model. Each cue must start within one frame interval of
 * its scene's true start and say something the scenes checker judges true of that scene.
 */
class VideoCaptionTest {

    static final long SEED = 7;
    static final int SCENES = 6;
    static final long SCENE_MICROS = 2_000_000;
    static final long FRAME_MICROS = 100_000;

    private static Captioner captioner;
    private static List<ShapesGenerator.GeneratedScene> scenes;

    @TempDir
    static Path dir;
    private static Path video;

    static java.awt.image.BufferedImage scene(int index) {
        return TestVideos.bgr(new ShapesGenerator(SEED).generate(index).image());
    }

    @BeforeAll
    static void writeVideo() throws Exception {
        captioner = Captioner.load("shapes");
        ShapesGenerator generator = new ShapesGenerator(SEED);
        scenes = new ArrayList<>();
        for (int i = 0; i < SCENES; i++) {
            scenes.add(generator.generate(i));
        }
        video = dir.resolve("scenes.mp4");
        TestVideos.write(video, TestVideos.Kind.MP4_H264, scenes.stream().map(s -> TestVideos.bgr(s.image())).toList(),
                SCENE_MICROS / 1e6, 10, Map.of());
    }

    @Test
    void scenesModeGivesOneTrueCuePerScene() throws Exception {
        VideoCaptioner.Result result = new VideoCaptioner(captioner, CaptionOptions.defaults(),
                () -> FrameSampler.scenes(SceneChangeDetector.DEFAULT_THRESHOLD)).caption(video);
        List<Cue> cues = result.cues();
        StringWriter srt = new StringWriter();
        CueFormat.SRT.write(srt, video.toString(), cues);
        System.out.print(srt);
        assertEquals(SCENES, result.samples().size(), "one sample per scene");
        assertEquals(SCENES, cues.size(), srt.toString());
        assertChecked(cues, true);
        assertEquals(SCENES * SCENE_MICROS, cues.get(SCENES - 1).endMicros(), FRAME_MICROS);
    }

    @Test
    void everyModeSamplesByTimeAndMergesEqualCaptions() throws Exception {
        VideoCaptioner.Result result = new VideoCaptioner(captioner, CaptionOptions.defaults(),
                () -> FrameSampler.every(500_000)).caption(video);
        assertEquals(24, result.samples().size(), "every 0.5 s of 12 s");
        for (int i = 0; i < 24; i++) {
            assertEquals(i * 500_000L, result.samples().get(i).timeMicros(), 1_000);
        }
        // every scene's 4 samples share one caption: they merge into the scene's cue
        assertEquals(SCENES, result.cues().size(), result.cues().toString());
        assertChecked(result.cues(), false);
        assertEquals(12_000_000L, result.endMicros(), 1_000);
    }

    /** Each cue starts where its scene does (to a frame, or exactly when sampled on the scene grid) and is true of it. */
    private static void assertChecked(List<Cue> cues, boolean print) {
        CaptionChecker checker = new CaptionChecker();
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            assertEquals(i * SCENE_MICROS, cue.startMicros(), FRAME_MICROS, "start of cue " + (i + 1));
            long end = i + 1 < cues.size() ? cues.get(i + 1).startMicros() : cue.endMicros();
            assertEquals(end, cue.endMicros());
            CaptionChecker.Verdict verdict = checker.check(cue.text(), scenes.get(i).scene());
            if (print) {
                System.out.println("cue " + (i + 1) + ": " + cue.text() + " -> " + verdict);
            }
            assertTrue(verdict.isTrue(), "cue " + (i + 1) + " '" + cue.text() + "': " + verdict);
        }
    }
}
