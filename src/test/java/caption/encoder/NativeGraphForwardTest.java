package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeGraphForwardTest {

    @Test
    void givesDl4jsFeaturesForTheShapesAndImageNetCuts() {
        assertSameOutput(SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 3), 64, 3);
        assertSameOutput(SqueezeNetFactory.randomFeatureExtractor(227, SqueezeNetFactory.LAST_FIRE, 4), 227, 2);
        // one image: the expand convolutions write straight into their channels of the concatenation
        assertSameOutput(SqueezeNetFactory.randomFeatureExtractor(227, SqueezeNetFactory.LAST_FIRE, 5), 227, 1);
    }

    private static void assertSameOutput(ComputationGraph graph, int size, int batch) {
        assertTrue(NativeGraphForward.supports(graph));
        INDArray input = Nd4j.rand(new long[] {batch, 3, size, size}).subi(0.5).muli(100);
        INDArray expected = graph.outputSingle(false, input);
        int threads = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        INDArray actual = NativeGraphForward.of(graph).output(input);
        assertEquals(threads, org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                "the calling thread's OpenMP threads are left as they were");
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(0, expected.distance2(actual), 1e-5 * expected.norm2Number().doubleValue());
    }

    @Test
    void passesPlannedOnceGiveEveryInputItsOwnFeaturesOnAnyThread() {
        ComputationGraph graph = SqueezeNetFactory.randomFeatureExtractor(64, SqueezeNetFactory.SHAPES_CUT, 6);
        NativeGraphForward forward = NativeGraphForward.of(graph);
        INDArray kept = null;
        INDArray keptCopy = null;
        for (int batch : new int[] {1, 1, 3, 1, 2}) { // a new size plans new passes
            INDArray input = Nd4j.rand(new long[] {batch, 3, 64, 64}).subi(0.5).muli(100);
            INDArray actual = forward.output(input);
            INDArray expected = graph.outputSingle(false, input);
            assertEquals(0, expected.distance2(actual), 1e-5 * expected.norm2Number().doubleValue(), "batch " + batch);
            if (kept == null) {
                kept = actual;
                keptCopy = actual.dup();
            }
        }
        assertEquals(keptCopy, kept, "a returned output is the caller's: later passes leave it alone");
        List<INDArray> inputs = IntStream.range(0, 12).mapToObj(i -> Nd4j.rand(new long[] {1, 3, 64, 64})).toList();
        List<INDArray> expected = inputs.stream().map(x -> graph.outputSingle(false, x)).toList();
        List<INDArray> concurrent = inputs.parallelStream().map(forward::output).toList();
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(0, expected.get(i).distance2(concurrent.get(i)), 1e-5 * expected.get(i).norm2Number().doubleValue(),
                    "image " + i + " of passes run side by side");
        }
    }

    @Test
    void refusesGraphsWithOtherLayers() {
        ComputationGraph withHead = SqueezeNetFactory.withGridHead(64, "fire3", 4, 1, 1e-3);
        assertFalse(NativeGraphForward.supports(withHead));
    }
}
