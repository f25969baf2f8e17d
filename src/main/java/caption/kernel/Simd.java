package caption.kernel;

/**
 * Whether the Vector API kernels can run here: the incubator module is in the boot layer, the CPU
 * has 256-bit vectors, and {@code -Dcaption.simd=false} has not switched them off (for A/B timing).
 */
public final class Simd {

    /** System property that switches the kernels off when {@code false}. */
    public static final String PROPERTY = "caption.simd";
    static final String MODULE = "jdk.incubator.vector";

    private static final boolean AVAILABLE = detect();

    private Simd() {}

    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                || ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return false;
        }
        try {
            return PanelKernel.supported(); // the only place that loads Vector API classes unasked
        } catch (LinkageError e) {
            return false;
        }
    }
}
