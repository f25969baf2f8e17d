package caption.video;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.model.Caption;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Captions a video: its frames are decoded, the sampler picks some, those are captioned a model
 * batch at a time (so at most one batch of frames is held), and equal consecutive captions are
 * merged into cues.
 */
public final class VideoCaptioner {

    /**
     * Where the time went: decoding (FFmpeg, conversion to RGB, rotation and the sampler's scene
     * measure) and captioning (the model's encoder and search), in nanoseconds.
     */
    public record Timing(long decodeNanos, long captionNanos) {
        public double seconds() {
            return (decodeNanos + captionNanos) / 1e9;
        }
    }

    /** One video's cues, the captioned samples behind them, its header and the time it took. */
    public record Result(Path video, VideoReader.Info info, int frames, long endMicros, List<CueMerger.Sample> samples,
            List<Cue> cues, Timing timing) {}

    private final Captioner captioner;
    private final CaptionOptions options;
    private final Supplier<FrameSampler> samplers;

    /** {@code samplers} makes a fresh sampler for each video. */
    public VideoCaptioner(Captioner captioner, CaptionOptions options, Supplier<FrameSampler> samplers) {
        this.captioner = captioner;
        this.options = options;
        this.samplers = samplers;
    }

    public Result caption(Path video) throws VideoReader.VideoException {
        FrameSampler sampler = samplers.get();
        List<CueMerger.Sample> samples = new ArrayList<>();
        List<BufferedImage> pending = new ArrayList<>();
        List<Long> pendingTimes = new ArrayList<>();
        long[] captionNanos = {0};
        long started = System.nanoTime();
        VideoReader.Result read = VideoReader.read(video, options.maxPixels(), (time, pixels) -> {
            Supplier<BufferedImage> once = memo(pixels);
            if (sampler.take(time, once)) {
                pending.add(once.get());
                pendingTimes.add(time);
                if (pending.size() == options.batchSize()) {
                    captionNanos[0] += flush(pending, pendingTimes, samples);
                }
            }
        });
        captionNanos[0] += flush(pending, pendingTimes, samples);
        long total = System.nanoTime() - started;
        List<Cue> cues = CueMerger.merge(samples, read.endMicros());
        return new Result(video, read.info(), read.frames(), read.endMicros(), List.copyOf(samples), cues,
                new Timing(total - captionNanos[0], captionNanos[0]));
    }

    private long flush(List<BufferedImage> pending, List<Long> times, List<CueMerger.Sample> samples) {
        if (pending.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        List<Caption> captions = captioner.captionImages(pending, options);
        for (int i = 0; i < captions.size(); i++) {
            samples.add(new CueMerger.Sample(times.get(i), captions.get(i).text()));
        }
        pending.clear();
        times.clear();
        return System.nanoTime() - start;
    }

    /** {@code pixels}, converted at most once. */
    static Supplier<BufferedImage> memo(Supplier<BufferedImage> pixels) {
        return new Supplier<>() {
            private BufferedImage image;

            @Override
            public BufferedImage get() {
                if (image == null) {
                    image = pixels.get();
                }
                return image;
            }
        };
    }
}
