package caption.api;

import caption.kernel.Numerics;
import caption.kernel.ReachableOps;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide performance settings (OpenBLAS's on ND4J's CPU backend alone), the programmatic form of the launcher's environment:
 * OpenBLAS threads for matrix products ({@code CAPTION_BLAS_THREADS}, default one per core), ND4J's
 * own op threads ({@code OMP_NUM_THREADS}; the launcher uses 1, as ND4J's thread hand-off costs more
 * than it gains at a decoder's sizes) and the cap on native memory ({@code CAPTION_NATIVE_MEMORY},
 * e.g. "6g": JavaCPP otherwise lets it grow to twice the heap). The memory cap takes effect only
 * before ND4J first loads in the JVM; threads can change at any time. Null leaves a value alone.
 * How long OpenBLAS's idle threads spin is read from the environment when OpenBLAS loads, so only
 * the environment sets it (the launcher: {@code OPENBLAS_THREAD_TIMEOUT=4}, docs/design.md).
 * Applying them also puts {@link ReachableOps} in front of ND4J's executioner, whatever the values:
 * the command line and {@link Captioner#load} both start here.
 */
public record RuntimeSettings(Integer blasThreads, Integer opThreads, String nativeMemory) {

    static final String BLAS_VARIABLE = "CAPTION_BLAS_THREADS";
    static final String MEMORY_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";

    public RuntimeSettings {
        if (blasThreads != null && blasThreads < 1 || opThreads != null && opThreads < 1) {
            throw new IllegalArgumentException("thread counts must be at least 1");
        }
        if (nativeMemory != null && !nativeMemory.matches("\\d+[kKmMgGtT]?")) {
            throw new IllegalArgumentException("native memory must be bytes with an optional k, m, g or t: " + nativeMemory);
        }
    }

    /** One BLAS thread per core; the rest as the JVM was started. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Runtime.getRuntime().availableProcessors(), null, null);
    }

    /** The defaults with {@code CAPTION_BLAS_THREADS} applied (ignored with a warning when not a number). */
    public static RuntimeSettings fromEnvironment() {
        String value = System.getenv(BLAS_VARIABLE);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return new RuntimeSettings(Math.max(1, Integer.parseInt(value.trim())), null, null);
        } catch (NumberFormatException e) {
            System.err.println("caption: " + BLAS_VARIABLE + " must be a number of threads, not " + value + "; ignored");
            return defaults();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies the settings to this JVM (the memory cap first: it must precede ND4J's loading), and
     * keeps ND4J's ops' arrays alive while they run ({@link ReachableOps}).
     */
    public void apply() {
        if (nativeMemory != null) {
            System.setProperty(MEMORY_PROPERTY, nativeMemory);
        }
        ReachableOps.install();
        if (blasThreads != null && Numerics.cpuBackend()) {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
        if (opThreads != null) {
            Nd4j.getEnvironment().setMaxThreads(opThreads);
            Nd4j.getEnvironment().setMaxMasterThreads(opThreads);
        }
    }

    /** Builds {@link RuntimeSettings}; unset values are left alone. */
    public static final class Builder {
        private Integer blasThreads = Runtime.getRuntime().availableProcessors();
        private Integer opThreads;
        private String nativeMemory;

        private Builder() {}

        public Builder blasThreads(int threads) {
            this.blasThreads = threads;
            return this;
        }

        public Builder opThreads(int threads) {
            this.opThreads = threads;
            return this;
        }

        /** Bytes with an optional unit: "6g", "512m". */
        public Builder nativeMemory(String bytes) {
            this.nativeMemory = bytes;
            return this;
        }

        public RuntimeSettings build() {
            return new RuntimeSettings(blasThreads, opThreads, nativeMemory);
        }
    }
}
