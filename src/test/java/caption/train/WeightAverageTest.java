package caption.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.CaptionDataset;
import caption.data.shapes.ShapesSplitWriter;
import caption.decoder.DecoderParams;
import caption.model.CaptionModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {

    @TempDir
    Path dir;

    private static DecoderParams random(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put(DecoderParams.OUT_W, Nd4j.rand(DataType.FLOAT, 3, 4));
        arrays.put(DecoderParams.OUT_B, Nd4j.rand(DataType.FLOAT, 1, 4));
        return new DecoderParams(arrays);
    }

    @Test
    void movesTowardsTheWeightsAsThePlainExpressionSays() {
        DecoderParams start = random(1);
        DecoderParams weights = random(2);
        WeightAverage average = new WeightAverage(start, 0.99, 0);
        average.update(weights);
        double d = 2.0 / 11; // the first update's decay, (1 + 1) / (10 + 1), below 0.99
        for (String name : List.of(DecoderParams.OUT_W, DecoderParams.OUT_B)) {
            INDArray expected = start.get(name).mul(d).add(weights.get(name).mul(1 - d));
            assertArrayEquals(expected.data().asFloat(), average.params().get(name).data().asFloat(), 1e-6f, name);
        }
        assertArrayEquals(random(1).get(DecoderParams.OUT_W).data().asFloat(), start.get(DecoderParams.OUT_W).data().asFloat(),
                "the start weights are copied, not averaged in place");

        WeightAverage late = new WeightAverage(start, 0.99, 10_000);
        late.update(weights);
        INDArray expected = start.get(DecoderParams.OUT_B).mul(0.99).add(weights.get(DecoderParams.OUT_B).mul(0.01));
        assertArrayEquals(expected.data().asFloat(), late.params().get(DecoderParams.OUT_B).data().asFloat(), 1e-6f,
                "after many updates the decay is the one asked for");
    }

    @Test
    void anUpdateRenewsTheSearchLayoutsOfTheAverage() {
        WeightAverage average = new WeightAverage(random(1), 0.5, 100);
        float[] x = {1, 2, 3};
        float[] before = average.params().searchProduct(DecoderParams.OUT_W, x, 1);
        average.update(random(2));
        float[] after = average.params().searchProduct(DecoderParams.OUT_W, x, 1);
        INDArray plain = Nd4j.create(x, new long[] {1, 3}, 'c').mmul(average.params().get(DecoderParams.OUT_W));
        assertArrayEquals(plain.dup('c').data().asFloat(), after, 1e-5f);
        assertTrue(before[0] != after[0]);
    }

    @Test
    void aDecayOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WeightAverage(random(1), 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new WeightAverage(random(1), 0.0, 0));
    }

    @Test
    void aCheckpointCarriesTheAverage() throws Exception {
        DecoderParams average = random(3);
        Checkpoint.State state = new Checkpoint.State(1, 0, 7, 0, 0, List.of(), List.of(), 0, new int[] {0}, 7);
        new Checkpoint(state, new Random(1), random(4), Map.of(), null, average).save(dir, 1);
        Checkpoint read = Checkpoint.latest(dir, new PrintWriter(new StringWriter()));
        assertArrayEquals(average.get(DecoderParams.OUT_W).data().asFloat(),
                read.average().get(DecoderParams.OUT_W).data().asFloat());
        new Checkpoint(state, new Random(1), random(4), Map.of(), null, null).save(dir, 1);
        assertEquals(null, Checkpoint.latest(dir, new PrintWriter(new StringWriter())).average());
    }

    @Test
    void trainingValidatesTheWeightsAndTheirAverageAndKeepsTheBetter() throws Exception {
        Path split = dir.resolve("split");
        ShapesSplitWriter.write(split, 5, 20);
        CaptionDataset data = CaptionDataset.load(split);
        StringWriter log = new StringWriter();
        TrainSettings settings = new TrainSettings(2, 10, 0.01, 1.0, 5.0, 0.0, 8, 12, 1, 20, 3).withAverageDecay(0.9);
        CaptionModel model = new CaptionTraining(settings, new PrintWriter(log, true))
                .train(data, data, EndToEndTest.randomEncoder(), DecoderTrainer.Checkpointing.NONE);
        long epochLines = log.toString().lines().filter(l -> l.startsWith("epoch ")).count();
        assertEquals(2, epochLines, "log: " + log);
        assertEquals(2, log.toString().lines().filter(l -> l.contains("weights: ") && l.contains("average: ")).count(),
                "both validated each epoch; log: " + log);
        assertEquals(2, model.provenance().validation().size());
        assertEquals(0.9, model.provenance().settings().get("averageDecay"));
    }
}
