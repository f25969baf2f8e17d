package caption.cli;

import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code CAPTION_BLAS_THREADS=N}: the threads of OpenBLAS's matrix products, apart from ND4J's own
 * OpenMP threads ({@code OMP_NUM_THREADS}, which also sets OpenBLAS's unless this is given).
 * Two BLAS threads make a large product faster ([640, 512] x [512, 10000]: 131 ms against 171 ms
 * on this 2-core machine) and a small one slower ([64, 256] x [256, 256]: 0.77 against 0.46 ms).
 */
final class BlasThreads {

    static final String VARIABLE = "CAPTION_BLAS_THREADS";

    private BlasThreads() {}

    static void configure() {
        String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                Nd4j.factory().blas().setMaxThreads(threads);
            }
        } catch (NumberFormatException e) {
            System.err.println("caption: " + VARIABLE + " must be a number of threads, not " + value + "; ignored");
        }
    }
}
