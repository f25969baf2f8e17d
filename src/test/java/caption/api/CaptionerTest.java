package caption.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.model.AttentionMap;
import caption.model.Caption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The library facade on the bundled shapes model: records out, errors as values, safe across threads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptionerTest {

    private static final Path IMAGES = Path.of("datasets/shapes/samples/images");

    private Captioner captioner;
    private List<Path> samples;

    @BeforeAll
    void load() throws IOException {
        captioner = Captioner.load("shapes", RuntimeSettings.builder().blasThreads(2).build());
        try (Stream<Path> files = Files.list(IMAGES)) {
            samples = files.sorted().toList();
        }
    }

    @Test
    void infoSaysWhatTheModelIs() {
        ModelInfo info = captioner.info();
        assertEquals("shapes", info.name());
        assertEquals("show-attend-tell", info.decoder());
        assertTrue(info.attends());
        assertEquals(3, info.defaultBeam());
        assertNotNull(info.provenance().validation(), "the bundled model records its validation");
        assertTrue(info.provenance().keptValidation().sceneAccuracy() > 0.8);
    }

    @Test
    void optionsShapeTheAnswer() throws IOException {
        Path image = samples.get(0);
        Caption plain = captioner.caption(image);
        assertNull(plain.attention());
        assertEquals(1, plain.nBest().size());
        Caption rich = captioner.caption(image, CaptionOptions.builder().beam(4).nBest(3).attention(true).build());
        assertEquals(3, rich.nBest().size());
        assertEquals(rich.text(), rich.nBest().get(0).text());
        AttentionMap attention = rich.attention();
        assertEquals(rich.text().split(" ").length + 1, attention.words().size());
        assertEquals(attention.rows() * attention.cols(), attention.weights()[0].length);
        Caption greedy = captioner.caption(image, CaptionOptions.builder().method("greedy").build());
        assertFalse(greedy.text().isBlank());
    }

    @Test
    void theLstmTraceReplaysTheCaptionWordByWord() throws IOException {
        Caption greedy = captioner.caption(samples.get(1), CaptionOptions.builder().beam(1).lstm(true).build());
        caption.model.LstmView lstm = greedy.lstm();
        List<String> words = List.of(greedy.text().split(" "));
        assertEquals(256, lstm.hiddenSize());
        assertEquals(words.size() + 1, lstm.steps().size());
        for (int t = 0; t < lstm.steps().size(); t++) {
            caption.model.LstmView.Step step = lstm.steps().get(t);
            assertEquals(t < words.size() ? words.get(t) : "<end>", step.word());
            assertEquals(step.word(), step.next().get(0).word(), "greedy writes the most probable word");
            for (int j = 0; j < lstm.hiddenSize(); j++) {
                assertTrue(step.forgetGate()[j] >= 0 && step.forgetGate()[j] <= 1);
                assertEquals(step.outputGate()[j] * Math.tanh(step.cell()[j]), step.hidden()[j], 1e-5, "h = o tanh(c)");
            }
        }
    }

    @Test
    void inMemoryImagesAndFilesGiveTheSameCaption() throws IOException {
        Path image = samples.get(2);
        assertEquals(captioner.caption(image).text(), captioner.caption(ImageIO.read(image.toFile())).text());
    }

    @Test
    void aBadFileIsAnErrorValueInABatchAndAOneLineExceptionAlone(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        List<Caption> results = captioner.captionAll(List.of(samples.get(0), text, samples.get(1)),
                CaptionOptions.defaults());
        assertTrue(results.get(0).ok() && results.get(2).ok());
        assertFalse(results.get(1).ok());
        assertTrue(results.get(1).error().startsWith(text.toString() + ": "), results.get(1).error());
        CaptionException e = assertThrows(CaptionException.class, () -> captioner.caption(text));
        assertEquals(1, e.getMessage().lines().count());
        assertThrows(CaptionException.class, () -> Captioner.load(dir.resolve("none.zip").toString()));
    }

    @Test
    void encodedBytesGetTheFilesCaptionsAndErrorValues() throws IOException {
        List<Caption> files = captioner.captionAll(samples.subList(0, 3), CaptionOptions.defaults());
        List<byte[]> contents = new java.util.ArrayList<>();
        for (Path p : samples.subList(0, 3)) {
            contents.add(Files.readAllBytes(p));
        }
        contents.set(1, "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Caption> bytes = captioner.captionEncoded(List.of("s3a://b/0.png", "s3a://b/1.png", "s3a://b/2.png"),
                contents, CaptionOptions.builder().batchSize(2).build());
        assertEquals(files.get(0).text(), bytes.get(0).text());
        assertEquals(files.get(2).text(), bytes.get(2).text());
        assertEquals("s3a://b/2.png", bytes.get(2).source());
        assertEquals("s3a://b/1.png: not a decodable image", bytes.get(1).error());
    }

    @Test
    void threadsSharingOneCaptionerGetWhatOneThreadGets() throws Exception {
        List<String> alone = new ArrayList<>();
        for (Path p : samples) {
            alone.add(captioner.caption(p).text());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t;
                runs.add(pool.submit(() -> {
                    List<String> captions = new ArrayList<>(samples.size());
                    for (int i = 0; i < samples.size(); i++) {
                        int k = (i + shift) % samples.size(); // each thread in its own order
                        captions.add(k + "\t" + captioner.caption(samples.get(k)).text());
                    }
                    return captions.stream().sorted().map(s -> s.substring(s.indexOf('\t') + 1))
                            .collect(Collectors.toList());
                }));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(alone, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
