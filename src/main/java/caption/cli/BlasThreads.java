package caption.cli;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The threads of OpenBLAS's matrix products, apart from ND4J's own OpenMP threads
 * ({@code OMP_NUM_THREADS}): one per core unless {@code CAPTION_BLAS_THREADS=N} says otherwise.
 * On the quiet 2-core machine two BLAS threads made every decoder workload faster (a beam-3 search
 * at the peer's sizes 199 -> 124 ms, an attention training step 1614 -> 1328 ms, a 1024^2 product
 * 76 -> 118 GFLOP/s), as PyTorch's OpenBLAS keeps its own threads too. On a machine another
 * process keeps busy one thread is better: set {@code CAPTION_BLAS_THREADS=1}.
 */
final class BlasThreads {

    static final String VARIABLE = "CAPTION_BLAS_THREADS";

    private BlasThreads() {}

    static void configure() {
        int threads = Runtime.getRuntime().availableProcessors();
        String value = System.getenv(VARIABLE);
        if (value != null && !value.isBlank()) {
            try {
                threads = Math.max(1, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                System.err.println("caption: " + VARIABLE + " must be a number of threads, not " + value + "; ignored");
            }
        }
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
