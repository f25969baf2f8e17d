package caption.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one kernel call on all cores: the calling thread takes part 0 and one daemon
 * thread per other core takes the others. The helpers spin a little after each call before they
 * park, because a search calls the kernels a few times per step, ~0.1-1 ms apart, and waking a parked
 * thread costs as much as a small product. While another thread holds the helpers, a caller runs
 * all its parts itself; a part no helper has begun when the caller's own is done, the caller runs.
 */
final class CoreSplit {

    static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final long SPIN_NANOS = 200_000;
    /** How long a caller spins for an unfinished part before it yields its core. */
    private static final long WAIT_SPIN_NANOS = 20_000;
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Helper[] HELPERS = new Helper[CORES - 1];

    private CoreSplit() {}

    /** Runs {@code part.accept(i)} for i in [0, parts), parts at most {@link #CORES}; returns when all are done. */
    static void run(int parts, IntConsumer part) {
        if (parts <= 1 || !LOCK.tryLock()) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        try {
            AtomicInteger pending = new AtomicInteger(parts - 1);
            Throwable[] failure = new Throwable[1];
            AtomicBoolean[] started = new AtomicBoolean[parts];
            for (int i = 1; i < parts; i++) {
                started[i] = new AtomicBoolean();
                helper(i - 1).submit(i, part, started[i], pending, failure);
            }
            part.accept(0);
            // a part whose helper has not begun (its core busy with another process) is run here
            for (int i = 1; i < parts; i++) {
                if (started[i].compareAndSet(false, true)) {
                    part.accept(i);
                    pending.decrementAndGet();
                }
            }
            long yieldAfter = System.nanoTime() + WAIT_SPIN_NANOS;
            while (pending.get() > 0) {
                if (System.nanoTime() < yieldAfter) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the helper was descheduled: let it, or another thread, have this core
                }
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a kernel part failed", failure[0]);
            }
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Runs {@code chunk.accept(c)} for c in [0, chunks), each once, the cores taking the next chunk
     * as they finish one: on a machine another job keeps busy a core can fall behind, and with equal
     * halves the other would wait for it.
     */
    static void runChunks(int chunks, IntConsumer chunk) {
        if (chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                chunk.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        run(Math.min(CORES, chunks), part -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                chunk.accept(c);
            }
        });
    }

    private static Helper helper(int i) {
        if (HELPERS[i] == null) {
            HELPERS[i] = new Helper("caption-kernel-" + (i + 1));
        }
        return HELPERS[i];
    }

    private static final class Helper implements Runnable {
        private final Thread thread;
        private final AtomicReference<Runnable> task = new AtomicReference<>();
        private volatile boolean parked;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(int index, IntConsumer part, AtomicBoolean started, AtomicInteger pending, Throwable[] failure) {
            task.set(() -> {
                if (!started.compareAndSet(false, true)) {
                    return; // the caller ran it
                }
                try {
                    part.accept(index);
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    pending.decrementAndGet();
                }
            });
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                awaitTask().run();
            }
        }

        private Runnable awaitTask() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Runnable next = task.get();
                if (next != null && task.compareAndSet(next, null)) { // a task set meanwhile stays for the next turn
                    return next;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (task.get() == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
