package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PackedStepsTest {

    private static final int PAD = 0;

    @Test
    void sortsCaptionsLongestFirstAndLeavesPaddingOut() {
        // lengths (words predicted) 1, 3, 2, and one more step of padding for every caption
        int[][] tokens = {{1, 7, 0, 0, 0}, {1, 5, 6, 2, 0}, {1, 8, 2, 0, 0}};
        INDArray features = Nd4j.create(new double[][] {{10}, {11}, {12}});
        PackedSteps packed = PackedSteps.of(new Batch(features, tokens, PAD));

        assertEquals(Nd4j.create(new double[][] {{11}, {12}, {10}}), packed.batch().features());
        assertEquals(3, packed.steps(), "the padding step after the longest caption is dropped");
        assertArrayEquals(new int[] {3, 2, 1}, new int[] {packed.active(0), packed.active(1), packed.active(2)});
        assertEquals(6, packed.rows(), "one row per predicted word");
        // step 0: captions 1, 2, 0; step 1: captions 1, 2; step 2: caption 1
        assertArrayEquals(new int[] {1, 1, 1, 5, 8, 6}, packed.fedTokens());
        assertArrayEquals(new int[] {5, 8, 7, 6, 2, 2}, packed.targets());
        // rows of [h0 (3 rows); packed outputs]: step 0 starts from h0, a later step from the step before
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6}, packed.previousRows());
    }

    @Test
    void aLaterStepsGradientIsZeroForTheCaptionsThatStoppedBeforeIt() {
        INDArray later = Nd4j.create(new double[][] {{1, 2}});
        assertEquals(Nd4j.create(new double[][] {{1, 2}, {0, 0}, {0, 0}}), PackedSteps.padRows(later, 3));
        assertEquals(later, PackedSteps.padRows(later, 1));
    }

    @Test
    void paddingInsideACaptionIsRefused() {
        INDArray features = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new Batch(features, new int[][] {{1, 5, 0, 6}}, PAD));
    }
}
