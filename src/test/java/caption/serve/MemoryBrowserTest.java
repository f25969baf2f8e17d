package caption.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.api.Captioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's Memory view in headless Chromium against the real server over a {@code caption
 * memory} folder of 40 generated shape scenes: a cell's coloured text, then a pattern search from
 * a phrase picked by clicking its words, with the matches' images. The screenshot goes to
 * target/screenshots/serve-memory.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryBrowserTest {

    /** The row of "a" in the first example caption reading "a SIZE COLOUR", as [line, word], or null. */
    static final String COLOUR_PHRASE = """
            const colours = ['red', 'green', 'blue', 'yellow', 'purple', 'orange'];
            const lines = [...document.querySelectorAll('#memory-cell .memory-text')];
            for (let l = 0; l < lines.length; l++) {
              const w = [...lines[l].querySelectorAll('.memory-word')].map((s) => s.textContent);
              for (let i = 0; i + 2 < w.length; i++) {
                if (w[i] === 'a' && !colours.includes(w[i + 1]) && colours.includes(w[i + 2])) return [l, i];
              }
            }
            return null;""";

    private CaptionServer server;
    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        BrowserTest.assumeChromium();
        Path memory = MemoryServerTest.recordMemory(dir, 40);
        server = CaptionServer.start(ServerSettings.defaults().withPort(0), Map.of("shapes", Captioner.load("shapes")),
                List.of(MemoryFolder.load(memory)));
        service = BrowserTest.driverService();
        driver = new ChromeDriver(service, BrowserTest.chromiumOptions());
        Files.createDirectories(BrowserTest.SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        BrowserTest.close(driver, service, server);
    }

    @Test
    void showsACellsTextAndFindsPatternsWithTheirImages() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        wait(10).until(d -> d.findElement(By.id("memory-button")).isDisplayed());
        driver.findElement(By.id("memory-button")).click();
        wait(5).until(d -> !d.findElements(By.cssSelector("#memory-clusters .memory-cluster")).isEmpty());

        List<WebElement> colourCells = driver.findElements(By.xpath(
                "//div[@class='memory-row'][span[text()='next_colour']]/button"));
        assertEquals(5, colourCells.size());
        for (WebElement cell : colourCells.subList(0, 3)) { // the three strongest, as the pattern
            cell.click();
            wait(5).until(d -> d.findElement(By.id("memory-cell-name")).getText().startsWith(cell.getText().split(" ")[1] + " "));
            driver.findElement(By.id("memory-add-cell")).click();
        }
        long backgrounds = (Long) js("return new Set([...document.querySelectorAll('#memory-cell .memory-word')]"
                + ".map((s) => s.style.background)).size;");
        assertTrue(backgrounds > 10, "the words' colours: " + backgrounds);

        List<?> phrase = (List<?>) js(COLOUR_PHRASE);
        assertTrue(phrase != null, "no example caption reads 'a SIZE COLOUR'");
        WebElement line = driver.findElements(By.cssSelector("#memory-cell .memory-text")).get(((Long) phrase.get(0)).intValue());
        List<WebElement> words = line.findElements(By.className("memory-word"));
        int a = ((Long) phrase.get(1)).intValue();
        words.get(a).click();
        words.get(a + 2).click();
        assertEquals(3, line.findElements(By.cssSelector(".memory-word.picked")).size());

        driver.findElement(By.id("memory-go")).click();
        wait(5).until(d -> d.findElements(By.cssSelector("#memory-matches li")).size() == 10);
        wait(5).until(d -> (Boolean) js("return [...document.querySelectorAll('#memory-matches img')]"
                + ".every((i) => i.complete && i.naturalWidth > 0);"));
        String first = driver.findElement(By.cssSelector("#memory-matches li")).getText();
        assertTrue(first.contains("the phrase itself"), first);

        driver.manage().window().setSize(new Dimension(1280, 2600)); // the whole view, below the sticky header
        js("window.scrollTo(0, 0);");
        Path shot = driver.findElement(By.id("memory")).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, BrowserTest.SCREENSHOTS.resolve("serve-memory.png"), StandardCopyOption.REPLACE_EXISTING);
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), () -> "console errors: " + errors);
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
