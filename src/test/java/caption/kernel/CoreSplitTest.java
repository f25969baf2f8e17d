package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every chunk and every part runs once per call, whichever thread takes it, call after call. */
class CoreSplitTest {

    @Test
    void eachChunkAndPartRunsOnce() {
        int calls = 2000;
        AtomicIntegerArray chunks = new AtomicIntegerArray(37);
        AtomicIntegerArray parts = new AtomicIntegerArray(CoreSplit.CORES);
        for (int i = 0; i < calls; i++) {
            CoreSplit.runChunks(37, chunks::incrementAndGet);
            CoreSplit.run(CoreSplit.CORES, parts::incrementAndGet);
        }
        for (int c = 0; c < 37; c++) {
            assertEquals(calls, chunks.get(c), "chunk " + c);
        }
        for (int p = 0; p < CoreSplit.CORES; p++) {
            assertEquals(calls, parts.get(p), "part " + p);
        }
    }
}
