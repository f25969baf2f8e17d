package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code caption train}'s options as the command line sees them. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBatchSizeOfZeroIsBadUsage() {
        CliRun r = CliRun.of("train", "--batch-size", "0", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--batch-size': '0' must be at least 1"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--epochs", "--batch-size", "--max-length", "--embedding", "--hidden", "--min-count",
        "--val-beam", "--log-every", "--checkpoint-every", "--keep-checkpoints", "--image-size", "--attention-size"})
    void countingOptionsBelowOneAreBadUsage(String option) {
        for (String value : new String[] {"0", "-3"}) {
            CliRun r = CliRun.of("train", option, value, "--data", dir.resolve("data").toString(),
                    "--out", dir.resolve("m.zip").toString());
            assertEquals(Cli.USAGE, r.exit(), option + " " + value + ": " + r.err());
            assertTrue(r.err().contains("Invalid value for option '" + option + "'"), r.err());
        }
    }

    @Test
    void aBadSettingsFileIsOneLine() throws IOException {
        Path settings = Files.writeString(dir.resolve("s.json"), "{\"batch-size\": 0}");
        CliRun r = CliRun.of("train", "--config", settings.toString(), "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals("caption: " + settings + ": 'batch-size': '0' must be at least 1", r.err().strip());
    }

    @Test
    void theCommandLineWinsOverTheSettingsFile() throws IOException {
        Path settings = Files.writeString(dir.resolve("s.json"), "{\"batch-size\": 0}");
        CliRun r = CliRun.of("train", "--config", settings.toString(), "--batch-size", "4",
                "--data", dir.resolve("data").toString(), "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, r.exit(), "there is no data: " + r.err());
        assertFalse(r.err().contains(settings.toString()), "the file's batch size is not used: " + r.err());
        assertEquals(4, Json.MAPPER.readTree(dir.resolve("m.run/run.json").toFile()).get("settings").get("batchSize")
                .asInt());
    }

    @Test
    void theFeatureDtypeIsFloat32OrFloat16AndRecordedInTheRun() throws IOException {
        CliRun bad = CliRun.of("train", "--feature-dtype", "float64", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.USAGE, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--feature-dtype: float32 or float16, not float64"), bad.err());
        CliRun half = CliRun.of("train", "--feature-dtype", "float16", "--data", dir.resolve("data").toString(),
                "--out", dir.resolve("m.zip").toString());
        assertEquals(Cli.FAILED, half.exit(), "there is no data: " + half.err());
        assertEquals("float16", Json.MAPPER.readTree(dir.resolve("m.run/run.json").toFile()).get("settings")
                .get("featureDtype").asText());
    }

    @Test
    void resumingAFolderThatIsNoRunIsOneLine() {
        CliRun r = CliRun.of("train", "--resume", dir.toString());
        assertEquals(Cli.FAILED, r.exit(), r.err());
        assertEquals("caption: " + dir.resolve("run.json") + ": no such file (not a run folder of 'caption train')",
                r.err().strip());
    }

    @Test
    void selfCriticalTrainingNeedsAModelToStartFromAndTwoSamples() {
        String[] data = {"--data", dir.resolve("data").toString(), "--out", dir.resolve("m.zip").toString()};
        CliRun noModel = CliRun.of(concat(new String[] {"train", "--scst"}, data));
        assertEquals(Cli.USAGE, noModel.exit(), noModel.err());
        assertTrue(noModel.err().contains("--scst needs --from MODEL"), noModel.err());
        CliRun noScst = CliRun.of(concat(new String[] {"train", "--from", "shapes-show-tell"}, data));
        assertEquals(Cli.USAGE, noScst.exit(), noScst.err());
        assertTrue(noScst.err().contains("--from is for --scst"), noScst.err());
        CliRun oneSample = CliRun.of(concat(new String[] {"train", "--scst", "--from", "shapes-show-tell", "--samples", "1"},
                data));
        assertEquals(Cli.USAGE, oneSample.exit(), oneSample.err());
        assertTrue(oneSample.err().contains("--samples: at least 2"), oneSample.err());
        CliRun badReward = CliRun.of(concat(new String[] {"train", "--scst", "--from", "shapes-show-tell", "--reward",
            "bleu"}, data));
        assertEquals(Cli.USAGE, badReward.exit(), badReward.err());
        assertTrue(badReward.err().contains("--reward: cider-d or scene-truth, not 'bleu'"), badReward.err());
        CliRun averaged = CliRun.of(concat(new String[] {"train", "--scst", "--from", "shapes-show-tell",
            "--average-decay", "0.999"}, data));
        assertEquals(Cli.USAGE, averaged.exit(), averaged.err());
        assertTrue(averaged.err().contains("--average-decay is for cross-entropy training"), averaged.err());
    }

    @Test
    void theWeightAverageDecayIsBelowOneAndRecordedInTheRun() throws IOException {
        String[] data = {"--data", dir.resolve("data").toString(), "--out", dir.resolve("m.zip").toString()};
        for (String bad : new String[] {"1", "-0.5", "x"}) {
            CliRun r = CliRun.of(concat(new String[] {"train", "--average-decay", bad}, data));
            assertEquals(Cli.USAGE, r.exit(), r.err());
            assertTrue(r.err().contains("--average-decay"), r.err());
        }
        CliRun ok = CliRun.of(concat(new String[] {"train", "--average-decay", "0.999"}, data));
        assertEquals(Cli.FAILED, ok.exit(), "there is no data: " + ok.err());
        assertEquals(0.999, Json.MAPPER.readTree(dir.resolve("m.run/run.json").toFile()).get("settings")
                .get("averageDecay").asDouble());
    }

    @Test
    void theSceneTruthRewardNeedsScenesAndIsRecordedInTheProvenance() throws IOException {
        CliRun made = CliRun.of("dataset", "shapes", "--out", dir.resolve("data/train").toString(), "--count", "6",
                "--seed", "11");
        assertEquals(0, made.exit(), made.err());
        Path model = dir.resolve("truth.zip");
        String[] scst = {"train", "--scst", "--reward", "scene-truth", "--from", "shapes-show-tell", "--data",
            dir.resolve("data").toString(), "--split", "train", "--epochs", "1", "--samples", "2", "--batch-size", "6",
            "--out", model.toString()};
        CliRun r = CliRun.of(scst);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("scst epoch 1/1: mean sample reward (scene truth)"), r.err());
        var provenance = Json.MAPPER.readTree(new java.util.zip.ZipFile(model.toFile()).getInputStream(
                new java.util.zip.ZipFile(model.toFile()).getEntry("provenance.json")));
        assertEquals("scene-truth", provenance.get("settings").get("selfCritical").get("reward").asText());
        assertTrue(provenance.get("note").asText().startsWith("self-critical training (scene truth reward"),
                provenance.toString());
        Files.delete(dir.resolve("data/train/scenes.json"));
        CliRun noScenes = CliRun.of(scst);
        assertEquals(Cli.FAILED, noScenes.exit(), noScenes.err());
        assertTrue(noScenes.err().strip().endsWith("no scenes.json with every image's scene, which the scene-truth "
                + "reward needs (a split written by 'caption dataset shapes')"), noScenes.err());
    }

    @Test
    void selfCriticalTrainingGoesOnFromABundledModelAndSaysSoInItsProvenance() throws IOException {
        for (String[] split : new String[][] {{"train", "8", "11"}, {"val", "4", "12"}}) {
            CliRun made = CliRun.of("dataset", "shapes", "--out", dir.resolve("data").resolve(split[0]).toString(),
                    "--count", split[1], "--seed", split[2]);
            assertEquals(0, made.exit(), made.err());
        }
        Path model = dir.resolve("scst.zip");
        CliRun r = CliRun.of("train", "--scst", "--from", "shapes-show-tell", "--data", dir.resolve("data").toString(),
                "--split", "train", "--val-split", "val", "--epochs", "2", "--samples", "3", "--batch-size", "12",
                "--learning-rate", "0.00005", "--out", model.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("scst epoch 2/2: mean sample reward (CIDEr-D)"), r.err());
        for (String beam : new String[] {"beam 1: ", "beam 3: ", "beam 5: ", "repeated trigrams blocked: "}) {
            assertTrue(r.err().contains(beam + "validation loss"), r.err());
        }
        java.util.regex.Matcher chosen = java.util.regex.Pattern.compile("the model's default: beam (\\d)").matcher(r.err());
        assertTrue(chosen.find(), r.err());
        assertEquals(Integer.parseInt(chosen.group(1)), caption.model.ModelFile.load(model).config().search().beamSize());
        var provenance = Json.MAPPER.readTree(new java.util.zip.ZipFile(model.toFile()).getInputStream(
                new java.util.zip.ZipFile(model.toFile()).getEntry("provenance.json")));
        assertTrue(provenance.get("note").asText().startsWith("self-critical training (CIDEr-D reward, 3 samples"),
                provenance.toString());
        assertEquals(3, provenance.get("settings").get("selfCritical").get("samples").asInt(), provenance.toString());
        CliRun captioned = CliRun.of("--model", model.toString(), dir.resolve("data/val/images/000000.png").toString());
        assertEquals(0, captioned.exit(), captioned.err());
        assertFalse(captioned.out().isBlank());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
