package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The search's attention split over the cores against the per-row loops it replaces (tanh into an
 * array, then a dot product; each context term rounded, then added), bit for bit, with the Vector
 * API and without, on widths that leave a tail after the vectors.
 */
class SearchAttentionTest {

    private static float[] values(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    @Test
    void equalsTheRowLoopsBitForBit() {
        for (Numerics numerics : new Numerics[] {NumericsChoice.choose("cpu"), NumericsChoice.choose("nd4j")}) {
            try (NumericsChoice.Scope scope = NumericsChoice.using(numerics)) {
                check(169, 256, 512, 41); // the flickr8k attention decoder's sizes, rows enough to split
                check(49, 132, 403, 3); // a vector tail in both widths, too little work to split
                check(49, 13, 21, 700);
            }
        }
    }

    private static void check(int regions, int width, int channels, int rows) {
        Random rng = new Random(regions + width + rows);
        int images = 4;
        float[] projected = values(rng, images * regions * width);
        float[] grid = values(rng, images * regions * channels);
        float[] query = values(rng, rows * width);
        float[] v = values(rng, width);
        int[] imageOf = new int[rows];
        for (int r = 0; r < rows; r++) {
            imageOf[r] = rng.nextInt(images);
        }
        float[] expected = new float[rows * regions];
        float[] layer = new float[width];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < regions; l++) {
                for (int i = 0; i < width; i++) {
                    layer[i] = projected[(imageOf[r] * regions + l) * width + i] + query[r * width + i];
                }
                VectorMath.tanh(layer, 0, width);
                expected[r * regions + l] = VectorMath.dot(layer, 0, v, 0, width);
            }
        }
        float[] scores = new float[rows * regions];
        SearchAttention.scores(projected, imageOf, query, v, regions, width, scores);
        assertArrayEquals(expected, scores, Numerics.current().name() + " scores");

        float[] alpha = values(rng, rows * regions);
        float[] context = new float[rows * channels];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < regions; l++) {
                for (int i = 0; i < channels; i++) {
                    context[r * channels + i] += alpha[r * regions + l] * grid[(imageOf[r] * regions + l) * channels + i];
                }
            }
        }
        float[] contexts = new float[rows * channels];
        SearchAttention.contexts(grid, imageOf, alpha, regions, channels, contexts);
        assertArrayEquals(context, contexts, Numerics.current().name() + " contexts");
    }
}
