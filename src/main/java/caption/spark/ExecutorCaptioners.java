package caption.spark;

import caption.api.CaptionException;
import caption.api.Captioner;
import caption.api.RuntimeSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * The models of this JVM, each loaded once on first use and shared by every task the executor
 * runs (a {@link Captioner} is thread-safe; its model calls are serialised, and each uses every
 * core through the BLAS threads).
 */
public final class ExecutorCaptioners {

    private static final Map<String, Captioner> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorCaptioners() {}

    /**
     * The model in {@code file} (a path on this machine or a bundled model's name), loaded on the
     * first call in this JVM with {@code blasThreads} BLAS threads.
     */
    public static Captioner get(String file, int blasThreads) throws CaptionException {
        Captioner captioner = LOADED.get(file);
        if (captioner != null) {
            return captioner;
        }
        synchronized (LOADED) {
            captioner = LOADED.get(file);
            if (captioner == null) {
                // the image plugins in the job's jar, whatever class loader first touched ImageIO
                ImageIO.scanForPlugins();
                captioner = Captioner.load(file, RuntimeSettings.builder().blasThreads(blasThreads).build());
                LOADS.incrementAndGet();
                LOADED.put(file, captioner);
            }
            return captioner;
        }
    }

    /** How many models this JVM has loaded. */
    public static int loads() {
        return LOADS.get();
    }
}
