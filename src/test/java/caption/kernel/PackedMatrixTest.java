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
    void multipliesATrainingBatchWithAnAddendAndByTheTranspose() {
        Nd4j.getRandom().setSeed(4);
        // 13 rows: three groups of four and a padded one; 37 columns: a padded panel
        INDArray w = Nd4j.rand(DataType.FLOAT, 23, 37).subi(0.5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 13, 23).subi(0.5);
        INDArray addend = Nd4j.rand(DataType.FLOAT, 13, 37);
        float[] expected = x.mmul(w).addi(addend).dup('c').data().asFloat();
        assertArrayEquals(expected, PackedMatrix.of(w).leftMultiply(x, addend).dup('c').data().asFloat(), 1e-5f);

        INDArray dz = Nd4j.rand(DataType.FLOAT, 13, 37).subi(0.5);
        float[] expectedTransposed = dz.mmul(w.transpose()).dup('c').data().asFloat();
        PackedMatrix transposed = PackedMatrix.ofTransposed(w);
        assertArrayEquals(expectedTransposed, transposed.leftMultiply(dz).dup('c').data().asFloat(), 1e-5f);
        assertArrayEquals(new long[] {37, 23}, new long[] {transposed.rows(), transposed.columns()});
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
    void aProductOfTheFirstRowsContinuedOverTheRestIsTheWholeProductToTheBit() {
        Nd4j.getRandom().setSeed(5);
        INDArray w = Nd4j.rand(DataType.FLOAT, 40, 37).subi(0.5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 40).subi(0.5);
        float[] rows = x.dup('c').data().asFloat();
        PackedMatrix packed = PackedMatrix.of(w);
        float[] whole = packed.leftMultiply(rows, 6);
        float[] head = packed.leftMultiply(columns(rows, 6, 40, 0, 15), 6, 0, 15, null);
        float[] continued = packed.leftMultiply(columns(rows, 6, 40, 15, 40), 6, 15, 40, head);
        assertArrayEquals(whole, continued, 0f);
        for (Numerics numerics : new Numerics[] {Nd4jNumerics.INSTANCE, CpuNumerics.INSTANCE}) {
            float[] tail = numerics.weight(w).times(columns(rows, 6, 40, 15, 40), 6, 15, 40, head);
            float[] expected = x.mmul(w).dup('c').data().asFloat();
            assertArrayEquals(expected, tail, 1e-5f, numerics.name());
        }
        assertThrows(IllegalArgumentException.class, () -> packed.leftMultiply(new float[6 * 10], 6, 15, 40, null));
    }

    /** Columns [from, to) of a row-major [rows, width] array. */
    private static float[] columns(float[] a, int rows, int width, int from, int to) {
        float[] part = new float[rows * (to - from)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * width + from, part, r * (to - from), to - from);
        }
        return part;
    }

    @Test
    void refusesMismatchedShapes() {
        PackedMatrix packed = PackedMatrix.of(Nd4j.rand(DataType.FLOAT, 8, 16));
        assertThrows(IllegalArgumentException.class, () -> packed.leftMultiply(Nd4j.rand(DataType.FLOAT, 2, 9)));
    }
}
