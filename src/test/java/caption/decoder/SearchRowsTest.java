package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import caption.kernel.Numerics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class SearchRowsTest {

    @Test
    void bothSearchLayoutsMultiplyAsNd4jDoes() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 12, 21).subi(0.5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 12).subi(0.5);
        float[] expected = x.mmul(w).dup('c').data().asFloat();
        float[] rows = x.dup('c').data().asFloat();
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            assertArrayEquals(expected, numerics.weight(w).times(rows, 3), 1e-5f, numerics.name());
            // double weights (the gradient tests' decoders) give float results too
            assertArrayEquals(expected, numerics.weight(w.castTo(DataType.DOUBLE)).times(rows, 3), 1e-5f, numerics.name());
        }
    }

    @Test
    void theLstmCellMatchesNd4jsActivations() {
        int rows = 2;
        int hidden = 5;
        INDArray z = Nd4j.randn(DataType.FLOAT, rows, 4 * hidden);
        INDArray cPrev = Nd4j.randn(DataType.FLOAT, rows, hidden);
        INDArray i = Transforms.sigmoid(z.get(all(), range(0, hidden)), true);
        INDArray f = Transforms.sigmoid(z.get(all(), range(hidden, 2 * hidden)), true);
        INDArray o = Transforms.sigmoid(z.get(all(), range(2 * hidden, 3 * hidden)), true);
        INDArray g = Transforms.tanh(z.get(all(), range(3 * hidden, 4 * hidden)), true);
        INDArray c = f.mul(cPrev).add(i.mul(g));
        INDArray h = o.mul(Transforms.tanh(c, true));

        SearchRows.Lstm cell = SearchRows.lstm(SearchRows.floats(z), SearchRows.floats(cPrev), rows, hidden);

        assertArrayEquals(SearchRows.floats(c), cell.c(), 1e-6f);
        assertArrayEquals(SearchRows.floats(h), cell.h(), 1e-6f);
    }

    @Test
    void selectReordersRows() {
        float[] logits = {1, 2, 3, -1000, 0, 1000};
        assertArrayEquals(new float[] {-1000, 0, 1000, 1, 2, 3, -1000, 0, 1000},
                SearchRows.select(logits, 3, new int[] {1, 0, 1}));
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex range(int from, int to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }
}
