package caption.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageEncoderPoolTest {

    @Test
    void regionPoolingAveragesOverlappingAdaptiveWindows() {
        // one channel, 7 x 7, value = row * 10 + column
        float[] values = new float[49];
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 7; c++) {
                values[r * 7 + c] = r * 10 + c;
            }
        }
        INDArray grid = Nd4j.create(values, new long[] {1, 1, 7, 7}, DataType.FLOAT);
        // adaptive windows over 7 cells for 3 regions: [0, 3), [2, 5), [4, 7): means 1, 3, 5
        float[] expected = {11, 13, 15, 31, 33, 35, 51, 53, 55};
        assertArrayEquals(expected, ImageEncoder.pool(grid, 3).toFloatVector(), 1e-5f);
        assertArrayEquals(new float[] {33}, ImageEncoder.pool(grid, 1).toFloatVector(), 1e-5f);
    }

    @Test
    void poolMaxAppendsTheGridMaximum() {
        ImageEncoder plain = new ImageEncoder(SqueezeNetFactory.randomFeatureExtractor(32, SqueezeNetFactory.SHAPES_CUT, 1),
                new ImageEncoder.Description(caption.image.PreprocessConfig.shapes(32), "test", java.util.Map.of()));
        ImageEncoder withMax = plain.withDescription(plain.description().withPoolMax());
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        Features a = plain.encode(input);
        Features b = withMax.encode(input);
        org.junit.jupiter.api.Assertions.assertEquals(2 * a.pooled().size(1), b.pooled().size(1));
        assertArrayEquals(a.grid().max(2, 3).toFloatMatrix()[1],
                b.pooled().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(a.pooled().size(1), b.pooled().size(1))).toFloatVector(), 1e-6f);
    }
}
