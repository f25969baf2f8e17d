package caption.kernel;

/**
 * Whether the Vector API kernels can run here: the incubator module is in the boot layer and the
 * CPU has 256-bit vectors. {@link NumericsChoice} asks; nothing else does.
 */
final class Simd {

    static final String MODULE = "jdk.incubator.vector";

    private static final boolean AVAILABLE = detect();

    private Simd() {}

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return false;
        }
        try {
            return PanelKernel.supported(); // the only place that loads Vector API classes unasked
        } catch (LinkageError e) {
            return false;
        }
    }
}
