package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DecoderMathTest {

    @Test
    void embeddingGradientAddsEveryRowOfARepeatedWord() {
        INDArray embedding = Nd4j.zeros(DataType.FLOAT, 5, 3);
        int[] ids = {2, 4, 2, 2, 0};
        INDArray rows = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}, {10, 20, 30}, {100, 200, 300}, {7, 8, 9}});
        INDArray g = DecoderMath.embeddingGradient(embedding, ids, rows);
        assertEquals(Nd4j.create(new float[][] {{7, 8, 9}, {0, 0, 0}, {111, 222, 333}, {0, 0, 0}, {4, 5, 6}}), g);
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogProbabilityOfTheTargetsPadsLeftOut() {
        // one row, two steps; the second step predicts a pad
        INDArray logits = Nd4j.create(new double[][] {{1.0, 2.0, 0.5, -1.0, 0.0}, {0.3, 0.1, 0.2, 0.0, 0.4}});
        Batch batch = new Batch(Nd4j.zeros(DataType.DOUBLE, 1, 2), new int[][] {{1, 2, 0}}, 0);
        DecoderMath.CrossEntropy ce = DecoderMath.crossEntropy(batch, logits);
        double logSum = Math.log(Math.exp(1.0) + Math.exp(2.0) + Math.exp(0.5) + Math.exp(-1.0) + Math.exp(0.0));
        assertEquals(1, ce.words());
        assertEquals(logSum - 0.5, ce.mean(), 1e-12);
        assertEquals(Math.exp(0.5 - logSum) - 1, ce.dLogits().getDouble(0, 2), 1e-12);
        assertEquals(Math.exp(2.0 - logSum), ce.dLogits().getDouble(0, 1), 1e-12);
        assertEquals(0.0, ce.dLogits().getRow(1).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void productEqualsNd4jsMatrixProductAndIsRowMajor() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 7, 5);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 5, 9);
        INDArray[][] cases = {{a, b}, {a.transpose().dup().transpose(), b}, {b.transpose(), a.transpose()},
            {a.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all()), b}};
        for (INDArray[] c : cases) {
            INDArray p = DecoderMath.product(c[0], c[1]);
            assertEquals(c[0].mmul(c[1]), p);
            assertEquals('c', p.ordering());
            assertEquals(c[0].mmul(c[1]), p.reshape('c', 1, p.length()).reshape(p.shape()), "reshaped without reordering");
        }
    }
}
