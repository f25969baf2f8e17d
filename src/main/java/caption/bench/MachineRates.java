package caption.bench;

import java.util.HashMap;
import java.util.Map;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's rates, measured in the process whose stages they are floors for (the machine's
 * speed moves within minutes, so rates from another run would not bound this one): the 1024^2
 * float product through BLAS on every core, the traffic of a large copy, and one thread's streaming
 * read of a buffer of a given size (the rate of the cache level that holds it).
 */
public final class MachineRates {

    private static final int COPY_BYTES = 64 << 20;
    private static final int TRIALS = 5;

    private static volatile long blackhole;

    private final double gflops;
    private final double trafficBytesPerSecond;
    private final Map<Long, Double> readRates = new HashMap<>();

    private MachineRates(double gflops, double trafficBytesPerSecond) {
        this.gflops = gflops;
        this.trafficBytesPerSecond = trafficBytesPerSecond;
    }

    public static MachineRates measure() {
        return new MachineRates(Workloads.matmulGflops(), copyTraffic());
    }

    /** GFLOP/s of a 1024 x 1024 float product (BLAS, every core): the arithmetic floors' rate. */
    public double gflops() {
        return gflops;
    }

    /** Bytes read plus bytes written per second by a 64 MB {@code System.arraycopy}, the best of five. */
    public double trafficBytesPerSecond() {
        return trafficBytesPerSecond;
    }

    /**
     * Bytes per second one thread reads summing a buffer of {@code bytes} over and over, the best of
     * five: the rate at which a step can stream weights of that size from wherever they stay.
     */
    public synchronized double readRate(long bytes) {
        return readRates.computeIfAbsent(Math.max(4096, bytes), MachineRates::measureRead);
    }

    /** The read rates measured so far, by buffer size. */
    public synchronized String readRates() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(readRates).forEach((bytes, rate) -> out.append(out.length() > 0 ? ", " : "")
                .append(String.format(java.util.Locale.ROOT, "%.1f GB/s over %.1f MB", rate / 1e9, bytes / 1e6)));
        return out.toString();
    }

    private static double copyTraffic() {
        byte[] from = new byte[COPY_BYTES];
        byte[] to = new byte[COPY_BYTES];
        java.util.Arrays.fill(from, (byte) 1);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < TRIALS; i++) {
            long start = System.nanoTime();
            System.arraycopy(from, 0, to, 0, COPY_BYTES);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return 2.0 * COPY_BYTES / best;
    }

    /**
     * Trials of at least 20 ms each until the best has not improved by 5% in three trials (the sum
     * is compiled by then: under load the compiler can take seconds), at most 3 s.
     */
    private static double measureRead(long bytes) {
        compileSum();
        int[] buffer = new int[(int) Math.min(Integer.MAX_VALUE - 8, bytes / Integer.BYTES)];
        java.util.Arrays.fill(buffer, 1);
        long sink = 0;
        double best = Double.MAX_VALUE;
        int sinceBetter = 0;
        long begin = System.nanoTime();
        for (int trial = 0; trial < TRIALS || sinceBetter < 3; trial++) {
            int passes = 0;
            long start = System.nanoTime();
            do {
                sink += sum(buffer);
                passes++;
            } while (System.nanoTime() - start < 20_000_000L);
            double seconds = (System.nanoTime() - start) / 1e9 / passes;
            sinceBetter = seconds < 0.95 * best ? 0 : sinceBetter + 1;
            best = Math.min(best, seconds);
            if (System.nanoTime() - begin > 3_000_000_000L) {
                break;
            }
        }
        blackhole = sink; // the sums must not be optimised away
        return (double) buffer.length * Integer.BYTES / best;
    }

    /** Runs the sum on a small buffer until the optimising compiler has compiled it (interpreted, it reads at MB/s). */
    private static void compileSum() {
        int[] small = new int[1024];
        long sink = 0;
        long start = System.nanoTime();
        for (int calls = 0; calls < 200_000 && System.nanoTime() - start < 2_000_000_000L; calls++) {
            sink += sum(small);
        }
        blackhole = sink;
    }

    /** Four vector sums, so that the loop is limited by the loads rather than by one sum's latency. */
    private static long sum(int[] a) {
        VectorSpecies<Integer> species = IntVector.SPECIES_PREFERRED;
        int lanes = species.length();
        IntVector s0 = IntVector.zero(species);
        IntVector s1 = s0;
        IntVector s2 = s0;
        IntVector s3 = s0;
        int i = 0;
        for (; i + 4 * lanes <= a.length; i += 4 * lanes) {
            s0 = s0.add(IntVector.fromArray(species, a, i));
            s1 = s1.add(IntVector.fromArray(species, a, i + lanes));
            s2 = s2.add(IntVector.fromArray(species, a, i + 2 * lanes));
            s3 = s3.add(IntVector.fromArray(species, a, i + 3 * lanes));
        }
        long total = s0.add(s1).add(s2).add(s3).reduceLanesToLong(VectorOperators.ADD);
        for (; i < a.length; i++) {
            total += a[i];
        }
        return total;
    }
}
