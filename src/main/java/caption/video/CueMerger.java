package caption.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Captioned samples to cues: consecutive samples with the same caption are one cue; a cue ends
 * where the next begins, the last at the end of the video.
 */
public final class CueMerger {

    /** A captioned frame at {@code timeMicros}. */
    public record Sample(long timeMicros, String caption) {}

    private CueMerger() {}

    /** Samples in time order; {@code endMicros} is the end of the video (at or after the last sample). */
    public static List<Cue> merge(List<Sample> samples, long endMicros) {
        List<Cue> cues = new ArrayList<>();
        int i = 0;
        while (i < samples.size()) {
            Sample first = samples.get(i);
            int j = i + 1;
            while (j < samples.size() && samples.get(j).caption().equals(first.caption())) {
                j++;
            }
            long end = j < samples.size() ? samples.get(j).timeMicros() : Math.max(endMicros, first.timeMicros());
            cues.add(new Cue(Math.max(0, first.timeMicros()), end, first.caption()));
            i = j;
        }
        return cues;
    }
}
