package caption.decoder;

import caption.kernel.Numerics;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A search step's arithmetic on Java arrays, one row per live sequence (flattened row by row): at a
 * search's few rows ND4J spends more on each small operation (30-80 us) than on its arithmetic, so
 * the decoders' steps call ND4J only for the image's one-off work and multiply through
 * {@link DecoderParams#searchProduct}.
 */
final class SearchRows {

    private SearchRows() {}

    /** An LSTM step's h and c [rows, H], and its activated gates [rows, 4H] (null for an initial state). */
    record Lstm(float[] h, float[] c, float[] gates) {}

    static float[] floats(INDArray a) {
        return Numerics.current().hostFloats(a);
    }

    /**
     * Whether images can search together with these weights and leave each image's captions as
     * its search alone gives them: float weights in numerics whose search rows do not depend on
     * the rows beside them ({@link Numerics#searchRowsIndependent}).
     */
    static boolean imagesTogether(DecoderParams params) {
        return Numerics.current().searchRowsIndependent() && params.get(DecoderParams.OUT_W).dataType() == DataType.FLOAT;
    }

    /**
     * Each image's feature row alone, [1, width] views, for the image's one-off work: ND4J's product
     * of one row and of several rows rounds differently (BLAS picks another kernel), and an image's
     * captions must not depend on the batch it is searched in.
     */
    static List<INDArray> eachImage(INDArray features) {
        List<INDArray> rows = new ArrayList<>();
        for (long i = 0; i < features.rows(); i++) {
            rows.add(features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()));
        }
        return rows;
    }

    /** The arrays' floats, one after another. */
    static float[] joined(List<INDArray> arrays) {
        List<float[]> parts = arrays.stream().map(SearchRows::floats).toList();
        float[] joined = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    /** Rows {@code ids} of matrix m (an embedding), row by row. */
    static float[] rowsOf(INDArray m, int[] ids) {
        return floats(Nd4j.pullRows(m, 1, ids));
    }

    static void addBias(float[] x, int rows, float[] bias) {
        int width = bias.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                x[r * width + i] += bias[i];
            }
        }
    }

    /** Rows {@code rows} of a (rows of {@code width} floats), in that order. */
    static float[] select(float[] a, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(a, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    /**
     * The LSTM cell after its gates' pre-activations z [rows, 4H] (input, forget, output, cell, as
     * {@link LstmCell} orders them): c = f c_prev + i g, h = o tanh(c). Overwrites z with the
     * activated gates, which the returned state keeps.
     */
    static Lstm lstm(float[] z, float[] cPrev, int rows, int hidden) {
        float[] h = new float[rows * hidden];
        float[] c = new float[rows * hidden];
        Numerics.current().lstmRows(z, cPrev, c, h, rows, hidden);
        return new Lstm(h, c, z);
    }
}
