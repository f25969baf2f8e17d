package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium against the real server (in-process, bundled shapes model):
 * upload a scene, read its caption, step through the words' attention, open the LSTM view. Skipped
 * where Debian's chromium and chromedriver are not installed. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCENE = Path.of("datasets/shapes/samples/images/000000.png");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** How many distinct colours a canvas holds (an all-blank or one-colour canvas has at most 1). */
    static final String DISTINCT_COLOURS = """
            const c = arguments[0];
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const seen = new Set();
            for (let i = 0; i < d.length && seen.size < 5000; i += 4) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
            return seen.size;""";

    /** A cheap fingerprint of a canvas's pixels. */
    static final String FINGERPRINT = """
            const c = arguments[0];
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let h = 2166136261;
            for (let i = 0; i < d.length; i += 7) h = Math.imul(h ^ d[i], 16777619);
            return c.width + 'x' + c.height + ':' + (h >>> 0);""";

    private CaptionServer server;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private String base;

    @BeforeAll
    void start() throws Exception {
        assumeChromium();
        server = CaptionServer.start(ServerSettings.defaults().withPort(0), Map.of("shapes", Captioner.load("shapes")));
        base = "http://127.0.0.1:" + server.port() + "/";

        service = driverService();
        driver = new ChromeDriver(service, chromiumOptions());
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Files.createDirectories(SCREENSHOTS);
    }

    /**
     * Headless Debian Chromium as root (no sandbox, no GPU) that fetches nothing of its own (no
     * background networking, component updates or sync), with the browser console logged; and
     * {@code more} flags.
     */
    static ChromeOptions chromiumOptions(String... more) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-gpu", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps");
        options.addArguments(more);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return options;
    }

    @AfterAll
    void stop() {
        close(driver, service, server);
    }

    /** Skips the calling test class, with a message, where Debian's Chromium or its driver is missing. */
    static void assumeChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium not installed: needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    }

    /** A chromedriver on a free port, for {@code new ChromeDriver(service, options)}. */
    static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    }

    /** Quits the browser, then stops its driver and the server, each that was started. */
    static void close(WebDriver driver, ChromeDriverService service, CaptionServer server) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void freshPage() {
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.get(base);
        wait(10).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
        driver.manage().logs().get(LogType.BROWSER); // start each test with an empty console
    }

    @Test
    void captionsASceneAndShowsAttentionAndTheLstm() throws Exception {
        assertEquals("shapes", driver.findElement(By.id("model")).getDomProperty("value"));
        driver.findElement(By.id("file")).sendKeys(SCENE.toAbsolutePath().toString());

        WebElement caption = driver.findElement(By.id("caption"));
        wait(30).until(d -> !caption.getText().isBlank() || d.findElement(By.id("error")).isDisplayed());
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), () -> driver.findElement(By.id("error")).getText());
        assertTrue(caption.getText().toLowerCase().startsWith("a large red cross"), caption.getText());
        List<WebElement> alternatives = driver.findElements(By.cssSelector("#nbest li"));
        assertEquals(3, alternatives.size());
        assertTrue(alternatives.get(0).getText().contains("score"), alternatives.get(0).getText());

        // The photo with the first word's attention over it.
        WebElement photo = driver.findElement(By.id("photo"));
        assertTrue(colours(photo) > 100, "the photo canvas is drawn");
        assertEquals("0", photo.getDomAttribute("data-word"));
        String firstWord = fingerprint(photo);

        // One chip per word plus <end>; hovering one makes it current and redraws the heat map.
        List<WebElement> chips = driver.findElements(By.cssSelector("#words .chip"));
        assertEquals(caption.getText().split(" ").length + 1, chips.size());
        assertEquals("<end>", chips.get(chips.size() - 1).getText());
        assertTrue(chips.get(0).getDomAttribute("class").contains("current"));
        WebElement blue = chips.stream().filter(c -> c.getText().equals("blue")).findFirst().orElseThrow();
        new Actions(driver).moveToElement(blue).perform();
        wait(5).until(d -> blue.getDomAttribute("class").contains("current"));
        assertEquals("true", blue.getDomAttribute("aria-selected"));
        assertFalse(chips.get(0).getDomAttribute("class").contains("current"));
        assertEquals(blue.getDomAttribute("data-index"), photo.getDomAttribute("data-word"));
        assertNotEquals(firstWord, fingerprint(photo), "the heat map follows the hovered word");

        // The LSTM view: four strips (hidden, input, forget, output) of 256 cells, one row per word.
        assertTrue(driver.findElement(By.id("lstm")).isDisplayed());
        List<WebElement> strips = driver.findElements(By.cssSelector("#strips canvas"));
        assertEquals(4, strips.size());
        for (WebElement strip : strips) {
            assertTrue(colours(strip) > 50, "strip " + strip.getDomAttribute("data-gate") + " is drawn");
        }
        assertTrue(driver.findElement(By.id("lstm-summary")).getText().contains("256 cells"));
        List<WebElement> next = driver.findElements(By.cssSelector("#next li"));
        assertEquals(5, next.size());
        assertTrue(next.stream().anyMatch(li -> li.getText().startsWith("blue")), "the chosen word is among its top 5");

        // Clicking a cell highlights its column in every strip and lists its values per word.
        WebElement hidden = strips.get(0);
        String before = fingerprint(hidden);
        assertEquals("", hidden.getDomAttribute("data-cell"));
        new Actions(driver).scrollToElement(hidden).perform();
        new Actions(driver).moveToElement(hidden, hidden.getSize().getWidth() / 4, 0).click().perform();
        wait(5).until(d -> !hidden.getDomAttribute("data-cell").isEmpty());
        String cell = hidden.getDomAttribute("data-cell");
        assertEquals(cell, driver.findElement(By.id("cell-index")).getText());
        for (WebElement strip : strips) {
            assertEquals(cell, strip.getDomAttribute("data-cell"));
        }
        assertNotEquals(before, fingerprint(hidden), "the chosen cell is drawn highlighted");
        assertTrue(driver.findElement(By.id("cell-table")).isDisplayed());
        assertEquals(chips.size(), driver.findElements(By.cssSelector("#cell-table tbody tr")).size());
        assertTrue(colours(driver.findElement(By.id("cell-chart"))) > 5, "the cell's chart is drawn");

        // Sorting reorders the columns but keeps the chosen cell.
        String natural = fingerprint(hidden);
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("sort"))).selectByValue("variance");
        wait(5).until(d -> !natural.equals(fingerprint(hidden)));
        assertEquals(cell, hidden.getDomAttribute("data-cell"));

        // Arrow keys step through the words.
        WebElement current = driver.findElement(By.cssSelector("#words .chip.current"));
        int at = Integer.parseInt(current.getDomAttribute("data-index"));
        driver.findElement(By.id("words")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        wait(5).until(d -> d.findElement(By.cssSelector("#words .chip.current")).getDomAttribute("data-index")
                .equals(Integer.toString(at + 1)));

        new Actions(driver).moveToElement(blue).perform();
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("serve-shapes.png");
        assertNoConsoleErrors();

        // A phone: one column, nothing wider than the screen.
        driver.manage().window().setSize(new Dimension(390, 844));
        wait(5).until(d -> ((Number) js("return window.innerWidth")).intValue() <= 400);
        wait(5).until(d -> ((Number) js("return document.querySelector('.lstm-panel').getBoundingClientRect().top")).doubleValue()
                > ((Number) js("return document.querySelector('.image-panel').getBoundingClientRect().bottom")).doubleValue() - 1);
        assertTrue(((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).intValue() <= 0,
                "no horizontal scrolling at 390 px");
        assertTrue(colours(photo) > 100, "the photo is redrawn at phone width");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("serve-shapes-phone.png");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('lstm-heading').scrollIntoView()");
        screenshot("serve-shapes-phone-lstm.png");
        assertNoConsoleErrors();
    }

    @Test
    void showsTheApisErrorMessage(@TempDir Path dir) throws IOException {
        Path bogus = dir.resolve("not-an-image.png");
        Files.writeString(bogus, "this is text, not a PNG", StandardCharsets.UTF_8);
        driver.findElement(By.id("file")).sendKeys(bogus.toAbsolutePath().toString());
        WebElement error = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertFalse(error.getText().isBlank());
        assertTrue(error.getText().contains("HTTP 4"), error.getText());
        assertFalse(driver.findElement(By.id("result")).isDisplayed());
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private int colours(WebElement canvas) {
        return ((Number) js(DISTINCT_COLOURS, canvas)).intValue();
    }

    private String fingerprint(WebElement canvas) {
        return (String) js(FINGERPRINT, canvas);
    }

    private void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void assertNoConsoleErrors() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), () -> "console errors: " + errors);
    }
}
