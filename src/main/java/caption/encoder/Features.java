package caption.encoder;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the encoder yields for a batch: the pooled vector [n, C] and the spatial grid [n, C, H, W] of
 * the last conv block.
 */
public record Features(INDArray pooled, INDArray grid) {
    public Features {
        if (pooled.rank() != 2 || grid.rank() != 4 || pooled.size(0) != grid.size(0)) {
            throw new IllegalArgumentException("pooled must be [n, C] and grid [n, C, H, W]");
        }
    }

    /** The grid as one row per image, position by position: [n, H * W * C], each position's C channels together. */
    public INDArray gridRows() {
        long n = grid.size(0);
        return grid.permute(0, 2, 3, 1).dup('c').reshape('c', n, grid.size(2) * grid.size(3) * grid.size(1));
    }

    /** Positions of the grid, H x W. */
    public int regions() {
        return (int) (grid.size(2) * grid.size(3));
    }

    public long count() {
        return pooled.size(0);
    }
}
