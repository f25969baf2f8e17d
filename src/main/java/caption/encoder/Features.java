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

    public long count() {
        return pooled.size(0);
    }
}
