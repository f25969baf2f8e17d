package caption.kernel;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The process's choice of {@link Numerics}, made once on first use: the CPU implementation where
 * ND4J's CPU backend is loaded and the Vector API runs, else ND4J's; or the one that
 * {@value Numerics#PROPERTY} names. {@link #using} swaps it for the length of a block, for tests
 * that run the same work through both.
 */
public final class NumericsChoice {

    private static volatile Numerics chosen;

    private NumericsChoice() {}

    static Numerics current() {
        Numerics n = chosen;
        if (n == null) {
            synchronized (NumericsChoice.class) {
                if (chosen == null) {
                    chosen = choose(System.getProperty(Numerics.PROPERTY, "auto"));
                }
                n = chosen;
            }
        }
        return n;
    }

    /**
     * The implementation a {@code --numerics} value asks for: {@code auto}, {@code cpu} or
     * {@code nd4j}. Fails with a one-line reason for an unknown value or a CPU implementation that
     * cannot run here.
     */
    public static Numerics choose(String requested) {
        return switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "auto", "" -> cpuBackend() && Simd.available() ? CpuNumerics.INSTANCE : Nd4jNumerics.INSTANCE;
            case "nd4j" -> Nd4jNumerics.INSTANCE;
            case "cpu" -> cpu();
            default -> throw new IllegalArgumentException("numerics must be auto, cpu or nd4j, not '" + requested + "'");
        };
    }

    static Numerics cpu() {
        if (!cpuBackend()) {
            throw new IllegalStateException("the cpu numerics need ND4J's CPU backend; this process runs "
                    + Numerics.backendName());
        }
        if (!Simd.available()) {
            throw new IllegalStateException("the cpu numerics need the Vector API: run java with "
                    + "--add-modules jdk.incubator.vector on a CPU with 256-bit vectors");
        }
        return CpuNumerics.INSTANCE;
    }

    static boolean cpuBackend() {
        return Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.cpu.");
    }

    /** Makes {@code numerics} this process's choice until the returned scope is closed. */
    public static Scope using(Numerics numerics) {
        Numerics before = current();
        chosen = numerics;
        return () -> chosen = before;
    }

    /** A block during which another implementation is chosen. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
