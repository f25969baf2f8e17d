package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PoolNumericsTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void equalsTheMaximumOfEachWindow(String name) {
        // 13 columns: one vector of eight and a tail of five; 3 planes split over the cores
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, 11, 13);
        INDArray pooled = NumericsChoice.choose(name).maxPool(x, 3, 3, 2, 2);
        assertEquals(java.util.Arrays.toString(new long[] {1, 3, 5, 6}), java.util.Arrays.toString(pooled.shape()));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 6; j++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int di = 0; di < 3; di++) {
                        for (int dj = 0; dj < 3; dj++) {
                            max = Math.max(max, x.getFloat(0, c, 2 * i + di, 2 * j + dj));
                        }
                    }
                    assertEquals(max, pooled.getFloat(0, c, i, j), "plane " + c + " at " + i + ", " + j);
                }
            }
        }
    }
}
