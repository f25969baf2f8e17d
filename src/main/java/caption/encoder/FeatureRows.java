package caption.encoder;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dataset's feature rows, one per image, read a few at a time: pooled vectors (one region) or
 * grids of {@link #regions()} positions side by side. Readers copy just the rows asked for, so
 * nothing needs the whole dataset in memory.
 */
public interface FeatureRows extends AutoCloseable {

    /** Number of rows (images). */
    int count();

    /** Floats per row: regions times channels. */
    int width();

    /** Grid positions per row; 1 for pooled vectors. */
    int regions();

    /** The rows at {@code indices} (repeats allowed), copied into a fresh [n, width] array. */
    INDArray rows(int[] indices);

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied into a fresh array. */
    default INDArray range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return rows(indices);
    }

    /** Releases files the rows are read from; rows must not be read after. */
    @Override
    default void close() {}

    /** Rows held in memory: a [n, width] array of grids of {@code regions} positions each. */
    static FeatureRows of(INDArray rows, int regions) {
        if (rows.rank() != 2 || rows.size(1) % regions != 0) {
            throw new IllegalArgumentException("feature rows must be [n, regions * channels]");
        }
        return new FeatureRows() {
            @Override
            public int count() {
                return (int) rows.size(0);
            }

            @Override
            public int width() {
                return (int) rows.size(1);
            }

            @Override
            public int regions() {
                return regions;
            }

            @Override
            public INDArray rows(int[] indices) {
                return Nd4j.pullRows(rows, 1, indices);
            }
        };
    }
}
