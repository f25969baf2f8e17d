package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.DatasetReaders;
import caption.train.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json: what a training run records, and what reading it back tells when it cannot. */
class TrainRunTest {

    @TempDir
    Path dir;

    private static TrainRun run(String validationSplit, EncoderChoice encoder) {
        TrainSettings settings = new TrainSettings(3, 16, 0.002, 0.85, 5.0, 0.3, 16, 24, 1, 20, 4, 2, 3, 1)
                .withDecoder("show-attend-tell", 64, 0.5, false);
        DataSource data = new DataSource(Path.of("data/shapes"), DatasetReaders.AUTO, "train", Path.of("imgs"), 100);
        return new TrainRun(settings, data, validationSplit, encoder, Path.of("models/m.zip"), 5, 2);
    }

    private static EncoderChoice imagenet() {
        return new EncoderChoice(EncoderChoice.IMAGENET, Path.of("w/squeezenet.h5"), 3, true, 224, 4);
    }

    private String failure(String runJson) throws IOException {
        Files.writeString(dir.resolve(TrainRun.FILE), runJson);
        return assertThrows(IOException.class, () -> TrainRun.read(dir)).getMessage();
    }

    @Test
    void aWrittenRunReadsBackEqual() throws IOException {
        for (TrainRun run : List.of(run("val", imagenet()),
                run(null, new EncoderChoice(EncoderChoice.RANDOM, null, null, false, 64, 4)))) {
            run.write(dir);
            assertEquals(run, TrainRun.read(dir));
        }
        TrainRun r = run("val", imagenet());
        TrainRun allImages = new TrainRun(r.settings(), new DataSource(Path.of("c.csv"), "csv", null, null, 5), null,
                r.encoder(), r.out(), 1, 1);
        allImages.write(dir);
        assertEquals(allImages, TrainRun.read(dir));
    }

    @Test
    void pathsAreRecordedAsGiven() throws IOException {
        run("val", imagenet()).write(dir);
        String json = Files.readString(dir.resolve(TrainRun.FILE));
        assertTrue(json.contains("\"data\" : \"data/shapes\""), json);
        assertTrue(json.contains("\"out\" : \"models/m.zip\""), json);
        assertTrue(json.contains("\"weights\" : \"w/squeezenet.h5\""), json);
        assertTrue(json.contains("\"batchSize\" : 16"), json);
    }

    @Test
    void theRecordIsWrittenWholeAndAlone() throws IOException {
        Path runDir = dir.resolve("new/m.run");
        run("val", imagenet()).write(runDir);
        run(null, imagenet()).write(runDir);
        try (Stream<Path> files = Files.list(runDir)) {
            assertEquals(List.of(runDir.resolve(TrainRun.FILE)), files.toList(), "no temporary files left");
        }
        assertEquals(null, TrainRun.read(runDir).validationSplit());
    }

    @Test
    void theRunFolderOfAModelFile() {
        assertEquals(Path.of("out/m.run"), TrainRun.folderOf(Path.of("out/m.zip")));
        assertEquals(Path.of("out/m.bin.run"), TrainRun.folderOf(Path.of("out/m.bin")));
    }

    @Test
    void aFolderWithoutARunRecordIsOneLine() {
        IOException e = assertThrows(IOException.class, () -> TrainRun.read(dir));
        assertEquals(dir.resolve("run.json") + ": no such file (not a run folder of 'caption train')", e.getMessage());
    }

    @Test
    void invalidJsonIsOneLine() throws IOException {
        String message = failure("{\"settings\": ");
        assertTrue(message.startsWith(dir.resolve("run.json") + ": not a run record of 'caption train' ("), message);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void aRecordOfTheCommandLineIsNotARunRecord() throws IOException {
        // run.json as it was when it held the command line to replay
        String message = failure("{\"args\": [\"--data\", \"d\", \"--out\", \"m.zip\"]}");
        assertEquals(dir.resolve("run.json") + ": not a run record of 'caption train' "
                + "(a run needs settings, data, an encoder and a model file to write)", message);
    }

    @Test
    void invalidValuesAreOneLine() throws IOException {
        run("val", imagenet()).write(dir);
        String json = Files.readString(dir.resolve(TrainRun.FILE));
        String message = failure(json.replace("\"checkpointEvery\" : 5", "\"checkpointEvery\" : 0"));
        assertEquals(dir.resolve("run.json") + ": not a run record of 'caption train' "
                + "(checkpoint interval and checkpoints kept must be positive)", message);
        message = failure(json.replace("\"batchSize\" : 16", "\"batchSize\" : \"sixteen\""));
        assertTrue(message.startsWith(dir.resolve("run.json") + ": not a run record of 'caption train' ("), message);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void resumingARunWithoutCheckpointsIsOneLine() throws IOException {
        run("val", imagenet()).write(dir);
        StringWriter err = new StringWriter();
        IOException e = assertThrows(IOException.class,
                () -> TrainRun.resume(dir, step -> { }, new PrintWriter(err, true)));
        assertEquals(dir + ": no usable checkpoint in " + dir.resolve("checkpoints"), e.getMessage());
    }

    @Test
    void checkpointCadenceMustBePositive() {
        TrainRun run = run("val", imagenet());
        assertThrows(IllegalArgumentException.class, () -> new TrainRun(run.settings(), run.data(), null, run.encoder(),
                run.out(), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new TrainRun(run.settings(), run.data(), null, run.encoder(),
                run.out(), 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainRun(run.settings(), null, null, run.encoder(),
                run.out(), 5, 2));
    }
}
