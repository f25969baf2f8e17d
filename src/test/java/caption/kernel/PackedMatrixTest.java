package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PackedMatrixTest {

    @Test
    void theTestsRunWithTheVectorApi() {
        assertTrue(Simd.available(), "surefire starts the JVM with --add-modules jdk.incubator.vector (pom.xml)");
    }

    @Test
    void agreesWithNd4jForAnyRowCountAndRaggedColumns() {
        Nd4j.getRandom().setSeed(3);
        // 37 columns: two full panels and a padded one; 9 rows: two groups of four and one row
        INDArray w = Nd4j.rand(DataType.FLOAT, 23, 37).subi(0.5);
        PackedMatrix packed = PackedMatrix.of(w);
        for (int rows = 1; rows <= 9; rows++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, rows, 23).subi(0.5);
            float[] expected = x.mmul(w).dup('c').data().asFloat();
            assertArrayEquals(expected, packed.leftMultiply(x).dup('c').data().asFloat(), 1e-5f, rows + " rows");
        }
    }

    @Test
    void readsViewsAndOtherOrdersAsTheirValues() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 16, 40).dup('f');
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 32).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 24));
        float[] expected = x.mmul(w).dup('c').data().asFloat();
        assertArrayEquals(expected, PackedMatrix.of(w).leftMultiply(x).dup('c').data().asFloat(), 1e-5f);
    }

    @Test
    void bfloat16WeightsAreTheRoundedWeights() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 40, 33).subi(0.5);
        INDArray rounded = Nd4j.create(DataType.FLOAT, 40, 33);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 33; j++) {
                int bits = Float.floatToRawIntBits(w.getFloat(i, j));
                rounded.putScalar(i, j, Float.intBitsToFloat((bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000));
            }
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 40);
        float[] expected = x.mmul(rounded).dup('c').data().asFloat();
        float[] actual = PackedMatrix.of(w, PackedMatrix.Precision.BFLOAT16).leftMultiply(x).dup('c').data().asFloat();
        assertArrayEquals(expected, actual, 1e-5f);
        float[] exact = x.mmul(w).dup('c').data().asFloat();
        for (int i = 0; i < exact.length; i++) {
            assertTrue(Math.abs(exact[i] - actual[i]) < 0.02, "close to the float32 product");
        }
    }

    @Test
    void refusesMismatchedShapes() {
        PackedMatrix packed = PackedMatrix.of(Nd4j.rand(DataType.FLOAT, 8, 16));
        assertThrows(IllegalArgumentException.class, () -> packed.leftMultiply(Nd4j.rand(DataType.FLOAT, 2, 9)));
    }
}
