package caption.video;

import java.awt.image.BufferedImage;

/**
 * A hand-off of one sample from the decoding thread to the model thread: a newer sample replaces
 * one the model has not taken yet (that one is dropped), so the model always captions the newest
 * frame and the latency does not grow on a slow machine.
 */
final class NewestSample {

    /** A frame chosen for captioning: stream time, when it was decoded, its pixels. */
    record Sample(long timeMicros, long decodedNanos, BufferedImage image) {
        Sample {
            if (image == null) {
                throw new IllegalArgumentException("a sample needs its image");
            }
        }
    }

    private Sample pending;
    private boolean closed;
    private int dropped;

    /** Hands over {@code sample}, dropping the one waiting, if any. */
    synchronized void offer(Sample sample) {
        if (pending != null) {
            dropped++;
        }
        pending = sample;
        notifyAll();
    }

    /** The waiting sample, waiting for one; null once closed and empty. */
    synchronized Sample take() throws InterruptedException {
        while (pending == null && !closed) {
            wait();
        }
        Sample sample = pending;
        pending = null;
        return sample;
    }

    /** No more samples will come; {@code discard} drops the waiting one too (a stop, not the end of the stream). */
    synchronized void close(boolean discard) {
        if (discard && pending != null) {
            pending = null;
            dropped++;
        }
        closed = true;
        notifyAll();
    }

    synchronized int dropped() {
        return dropped;
    }
}
