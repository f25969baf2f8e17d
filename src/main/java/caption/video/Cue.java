package caption.video;

/** One timed caption: from {@code startMicros} (inclusive) to {@code endMicros}, in microseconds from the video's start. */
public record Cue(long startMicros, long endMicros, String text) {

    public Cue {
        if (startMicros < 0 || endMicros < startMicros) {
            throw new IllegalArgumentException("cue from " + startMicros + " to " + endMicros + " us");
        }
    }
}
