package caption.kernel;

/**
 * A search step's attention over its rows, {@code v . tanh(P_l + q)} for every position l of the
 * row's image and the weighted sum of the image's grid, split over the cores by row
 * ({@link CoreSplit}): it is most of a step's element-wise work (a photo's step of 80 rows takes 3.5
 * million tanh) and ran on one core beside products that use them all. A row's arithmetic is the
 * same whichever part takes it, so the split changes no value; with the Vector API the tanh, the
 * dot product and the sum are those of {@link VectorMath}, in one pass over each position.
 */
public final class SearchAttention {

    /** Below this much tanh work a step stays on its thread: waking a helper costs more. */
    private static final int SPLIT_FROM = 1 << 15;

    private SearchAttention() {}

    /**
     * out[r, l] = v . tanh(projected[images[r], l] + query[r]) for rows r, positions l.
     *
     * @param projected the images' projections [images, regions, width]
     * @param query the rows' queries [rows, width]
     * @param out [rows, regions]
     */
    public static void scores(float[] projected, int[] images, float[] query, float[] v, int regions, int width,
            float[] out) {
        int rows = images.length;
        boolean vectors = VectorMath.vectors();
        split(rows, (long) rows * regions * width, (from, to) -> {
            float[] layer = vectors ? null : new float[width];
            for (int r = from; r < to; r++) {
                int image = images[r] * regions * width;
                for (int l = 0; l < regions; l++) {
                    int at = image + l * width;
                    if (vectors) {
                        out[r * regions + l] = VectorOps.tanhDot(projected, at, query, r * width, v, width);
                    } else {
                        for (int i = 0; i < width; i++) {
                            layer[i] = projected[at + i] + query[r * width + i];
                        }
                        VectorMath.scalarTanh(layer, 0, width);
                        out[r * regions + l] = VectorMath.scalarDot(layer, 0, v, 0, width);
                    }
                }
            }
        });
    }

    /**
     * out[r] = the sum over positions l of alpha[r, l] grid[images[r], l], added position by
     * position (each term rounded, then added: no fused multiply-add).
     *
     * @param grid the images' grids [images, regions, channels]
     * @param alpha the rows' weights [rows, regions]
     * @param out [rows, channels], zeros
     */
    public static void contexts(float[] grid, int[] images, float[] alpha, int regions, int channels, float[] out) {
        int rows = images.length;
        boolean vectors = VectorMath.vectors();
        split(rows, (long) rows * regions * channels / 16, (from, to) -> {
            for (int r = from; r < to; r++) {
                int image = images[r] * regions * channels;
                for (int l = 0; l < regions; l++) {
                    float a = alpha[r * regions + l];
                    if (vectors) {
                        VectorOps.addProduct(out, r * channels, a, grid, image + l * channels, channels);
                    } else {
                        for (int i = 0; i < channels; i++) {
                            out[r * channels + i] += a * grid[image + l * channels + i];
                        }
                    }
                }
            }
        });
    }

    private interface RowRange {
        void run(int from, int to);
    }

    /** Runs rows [0, rows) a row at a time on every core when {@code work} is worth it, else on this thread. */
    private static void split(int rows, long work, RowRange range) {
        if (work < SPLIT_FROM) {
            range.run(0, rows);
            return;
        }
        CoreSplit.runChunks(rows, r -> range.run(r, r + 1));
    }
}
