package caption.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.kernel.Numerics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DecoderMathTest {

    @Test
    void embeddingGradientAddsEveryRowOfARepeatedWord() {
        int[] ids = {2, 4, 2, 2, 0};
        INDArray rows = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}, {10, 20, 30}, {100, 200, 300}, {7, 8, 9}});
        INDArray expected = Nd4j.create(new float[][] {{7, 8, 9}, {0, 0, 0}, {111, 222, 333}, {0, 0, 0}, {4, 5, 6}});
        // float rows through the Java kernel, double rows through libnd4j's scatter_add
        assertEquals(expected, DecoderMath.embeddingGradient(Nd4j.zeros(DataType.FLOAT, 5, 3), ids, rows));
        assertEquals(expected.castTo(DataType.DOUBLE),
                DecoderMath.embeddingGradient(Nd4j.zeros(DataType.DOUBLE, 5, 3), ids, rows.castTo(DataType.DOUBLE)));
    }

    @Test
    void columnSumsAndTheDropoutMask() {
        INDArray m = Nd4j.randn(DataType.FLOAT, 7, 5);
        assertEquals(0.0, m.sum(true, 0).sub(DecoderMath.columnSums(m)).amaxNumber().doubleValue(), 1e-5);
        INDArray mask = DecoderMath.dropoutMask(new java.util.Random(1), 0.25, Nd4j.zeros(DataType.FLOAT, 200, 100));
        long kept = mask.gt(0).castTo(DataType.INT).sumNumber().longValue();
        assertEquals(15_000, kept, 600, "about three in four kept");
        assertEquals(4.0 / 3, mask.maxNumber().doubleValue(), 1e-6, "kept units scaled by 1 / (1 - p)");
        assertEquals(mask, DecoderMath.dropoutMask(new java.util.Random(1), 0.25, Nd4j.zeros(DataType.FLOAT, 200, 100)),
                "the same seed draws the same mask");
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogProbabilityOfTheTargets() {
        INDArray logits = Nd4j.create(new double[][] {{1.0, 2.0, 0.5, -1.0, 0.0}, {0.3, 0.1, 0.2, 0.0, 0.4}});
        DecoderMath.CrossEntropy ce = DecoderMath.crossEntropy(new int[] {2, 4}, logits.dup());
        double logSum = Math.log(Math.exp(1.0) + Math.exp(2.0) + Math.exp(0.5) + Math.exp(-1.0) + Math.exp(0.0));
        double logSum2 = Math.log(Math.exp(0.3) + Math.exp(0.1) + Math.exp(0.2) + Math.exp(0.0) + Math.exp(0.4));
        assertEquals(2, ce.words());
        assertEquals((logSum - 0.5 + logSum2 - 0.4) / 2, ce.mean(), 1e-12);
        assertEquals((Math.exp(0.5 - logSum) - 1) / 2, ce.dLogits().getDouble(0, 2), 1e-12);
        assertEquals(Math.exp(2.0 - logSum) / 2, ce.dLogits().getDouble(0, 1), 1e-12);
    }

    @Test
    void bothNumericsAndDoublePrecisionGiveTheSameCrossEntropy() {
        INDArray logits = Nd4j.randn(DataType.FLOAT, 4, 37).muli(3);
        int[] targets = {3, 36, 0, 17};
        INDArray cpu = logits.dup();
        INDArray nd4j = logits.dup();
        INDArray wide = logits.castTo(DataType.DOUBLE);
        double cpuLoss = Numerics.cpu().softmaxCrossEntropy(cpu, targets);
        assertEquals(Numerics.nd4j().softmaxCrossEntropy(nd4j, targets), cpuLoss, 1e-4);
        assertEquals(Numerics.cpu().softmaxCrossEntropy(wide, targets), cpuLoss, 1e-4);
        assertEquals(0.0, nd4j.sub(cpu).amaxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, wide.castTo(DataType.FLOAT).sub(cpu).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void scatterAddAddsRowsToTheirWords() {
        INDArray values = Nd4j.create(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray expected = Nd4j.create(new double[][] {{0, 0}, {6, 8}, {0, 0}, {3, 4}});
        int[] ids = {1, 3, 1};
        for (Numerics numerics : new Numerics[] {Numerics.cpu(), Numerics.nd4j()}) {
            assertEquals(expected, numerics.scatterAddRows(4, ids, values), numerics.name() + ", double");
            assertEquals(expected.castTo(DataType.FLOAT), numerics.scatterAddRows(4, ids, values.castTo(DataType.FLOAT)),
                    numerics.name() + ", float");
        }
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
