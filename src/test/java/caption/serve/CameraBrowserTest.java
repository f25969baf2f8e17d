package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import caption.data.shapes.CaptionChecker;
import caption.data.shapes.ShapesGenerator;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's camera mode in headless Chromium against the real server (in-process, bundled shapes
 * model): Chromium's fake camera plays a Y4M video of generated scenes, written here, in a loop;
 * the page sends its frames over /v1/live and the caption it shows must follow the scenes, each
 * true of the scene by the checker. Skipped where Debian's chromium and chromedriver are not
 * installed. The screenshot goes to target/screenshots/serve-camera.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CameraBrowserTest {

    static final long SEED = 7;
    static final int SCENES = 4;
    static final int FPS = 4;
    static final int SECONDS_PER_SCENE = 2;
    /** The scenes drawn at twice their size, so that the video's half-resolution chroma keeps a scene's colours. */
    static final int SIDE = 2 * ShapesGenerator.IMAGE_SIZE;

    private final List<ShapesGenerator.GeneratedScene> scenes = new ArrayList<>();
    private final CaptionChecker checker = new CaptionChecker();
    private CaptionServer server;
    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        BrowserTest.assumeChromium();
        ShapesGenerator generator = new ShapesGenerator(SEED);
        for (int i = 0; i < SCENES; i++) {
            scenes.add(generator.generate(i));
        }
        for (int i = 0; i < SCENES; i++) { // each scene's own captions tell it from the others
            for (int j = 0; j < SCENES; j++) {
                assertEquals(i == j, checker.check(scenes.get(i).captions().get(0), scenes.get(j).scene()).isTrue(),
                        "scene " + i + "'s caption against scene " + j);
            }
        }
        Path video = dir.resolve("scenes.y4m");
        writeY4m(video);
        server = CaptionServer.start(ServerSettings.defaults().withPort(0), Map.of("shapes", Captioner.load("shapes")));
        service = BrowserTest.driverService();
        driver = new ChromeDriver(service, BrowserTest.chromiumOptions("--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + video.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required"));
        Files.createDirectories(BrowserTest.SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        BrowserTest.close(driver, service, server);
    }

    /**
     * The scenes as a Y4M video, {@link #SECONDS_PER_SCENE} each at {@link #FPS} frames a second:
     * a header, then per frame "FRAME" and the I420 planes (Y, then U and V at half resolution), BT.601
     * video range as Chromium reads them.
     */
    void writeY4m(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + SIDE + " H" + SIDE + " F" + FPS + ":1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (ShapesGenerator.GeneratedScene scene : scenes) {
                byte[] planes = i420(scene.image());
                for (int f = 0; f < FPS * SECONDS_PER_SCENE; f++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(planes);
                }
            }
        }
    }

    /** The image scaled to SIDE x SIDE (nearest pixel) as I420 planes. */
    static byte[] i420(BufferedImage image) {
        int scale = SIDE / image.getWidth();
        int half = SIDE / 2;
        byte[] out = new byte[SIDE * SIDE + 2 * half * half];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int rgb = image.getRGB(x / scale, y / scale);
                double r = rgb >> 16 & 255;
                double g = rgb >> 8 & 255;
                double b = rgb & 255;
                out[y * SIDE + x] = clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
            }
        }
        for (int y = 0; y < half; y++) {
            for (int x = 0; x < half; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int k = 0; k < 4; k++) { // the 2 x 2 pixels the chroma sample covers
                    int rgb = image.getRGB((2 * x + k % 2) / scale, (2 * y + k / 2) / scale);
                    r += (rgb >> 16 & 255) / 4.0;
                    g += (rgb >> 8 & 255) / 4.0;
                    b += (rgb & 255) / 4.0;
                }
                out[SIDE * SIDE + y * half + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
                out[SIDE * SIDE + half * half + y * half + x] = clamp(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
            }
        }
        return out;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** One caption the page showed: the frame's number on the socket and the caption. */
    record Shown(int frame, String caption) {}

    @Test
    void theLiveCaptionFollowsTheFakeCamerasScenes() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        wait(10).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
        driver.manage().logs().get(LogType.BROWSER);
        driver.findElement(By.id("camera-button")).click();
        wait(10).until(d -> js("return document.getElementById('live').dataset.frame || ''").toString().length() > 0);
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), () -> driver.findElement(By.id("error")).getText());
        assertTrue(((Number) js("return document.getElementById('camera').videoWidth")).intValue() > 0, "the video plays");

        // Watch the page for two loops of the video at most: every caption true of a scene, the scenes in order.
        List<Shown> shown = new ArrayList<>();
        List<Integer> visits = new ArrayList<>(); // the scenes the captions were of, consecutive repeats once
        long deadline = System.nanoTime() + Duration.ofSeconds(2L * SCENES * SECONDS_PER_SCENE + 4).toNanos();
        while (System.nanoTime() < deadline && !(visits.size() > SCENES && visits.stream().distinct().count() == SCENES)) {
            int frame = Integer.parseInt(js("return document.getElementById('live').dataset.frame").toString());
            if (shown.isEmpty() || shown.get(shown.size() - 1).frame() != frame) {
                String caption = driver.findElement(By.id("live-text")).getText().toLowerCase();
                shown.add(new Shown(frame, caption));
                int scene = sceneOf(caption);
                if (visits.isEmpty() || visits.get(visits.size() - 1) != scene) {
                    visits.add(scene);
                }
            }
            Thread.sleep(100);
        }
        shown.forEach(s -> System.out.println("frame " + s.frame() + ": " + s.caption() + " -> scene " + sceneOf(s.caption())));
        System.out.println("scenes in the order shown: " + visits);
        assertFalse(visits.contains(-1), "every caption is true of a scene: " + shown);
        assertEquals(SCENES, visits.stream().distinct().count(), "every scene captioned: " + visits);
        for (int i = 1; i < visits.size(); i++) {
            assertEquals((visits.get(i - 1) + 1) % SCENES, visits.get(i), "the captions follow the video's scenes: " + visits);
        }

        // The latest caption's attention over the video, its words and the LSTM strips, as for an upload.
        assertEquals(driver.findElement(By.id("live-text")).getText(), driver.findElement(By.id("caption")).getText());
        assertFalse(driver.findElement(By.id("photo")).getDomAttribute("data-word").isEmpty(), "the heat map is drawn");
        assertEquals(4, driver.findElements(By.cssSelector("#strips canvas")).size());
        assertTrue(driver.findElement(By.id("lstm")).isDisplayed());
        screenshot("serve-camera.png");

        // Pause holds the caption; Resume goes on.
        driver.findElement(By.id("pause")).click();
        Thread.sleep(600); // an answer already on its way is not shown either
        String held = js("return document.getElementById('live').dataset.frame").toString();
        Thread.sleep(1500);
        assertEquals(held, js("return document.getElementById('live').dataset.frame").toString(), "paused");
        assertEquals("▶ Resume", driver.findElement(By.id("pause")).getText());
        driver.findElement(By.id("pause")).click();
        wait(10).until(d -> !held.equals(js("return document.getElementById('live').dataset.frame").toString()));

        // Stop camera: the camera is released and the page is back to uploads.
        driver.findElement(By.id("camera-button")).click();
        assertFalse(driver.findElement(By.id("camera")).isDisplayed());
        assertFalse(driver.findElement(By.id("live")).isDisplayed());
        assertEquals(0L, js("return document.getElementById('camera').srcObject ? 1 : 0"));
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), () -> "console errors: " + errors);
    }

    /** The one scene of the video the caption is true of, or -1. */
    private int sceneOf(String caption) {
        int found = -1;
        for (int i = 0; i < SCENES; i++) {
            if (checker.check(caption, scenes.get(i).scene()).isTrue()) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private void screenshot(String name) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, BrowserTest.SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
