package caption.video;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.data.shapes.ShapesGenerator;
import caption.encoder.Features;
import caption.image.ImagePreprocessor;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of video captioning (docs/benchmarks.md): 60 s videos of 30 shape scenes, captioned
 * every 1 s and at scene changes; video seconds per wall second, and the split between decoding,
 * the encoder and the search. Runs only with {@code -Dvideo.bench=true}.
 */
@EnabledIfSystemProperty(named = "video.bench", matches = "true")
class VideoThroughputBench {

    @Test
    void throughput() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/video-bench"));
        ShapesGenerator generator = new ShapesGenerator(11);
        List<BufferedImage> scenes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            scenes.add(TestVideos.bgr(generator.generate(i).image()));
        }
        Path small = dir.resolve("scenes-60s-128px-10fps.mp4");
        TestVideos.write(small, TestVideos.Kind.MP4_H264, scenes, 2.0, 10, Map.of());
        Path large = dir.resolve("scenes-60s-640px-25fps.mp4");
        TestVideos.write(large, TestVideos.Kind.MP4_H264, scenes.stream().map(s -> scaled(s, 640)).toList(), 2.0, 25, Map.of());

        Captioner captioner = Captioner.load("shapes");
        CaptionModel model = ModelFile.load(ModelRegistry.resolve("shapes"));
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.encoder().preprocess());
        Map<String, Supplier<FrameSampler>> modes = Map.of("--every 1s", () -> FrameSampler.every(1_000_000),
                "--scenes", () -> FrameSampler.scenes(SceneChangeDetector.DEFAULT_THRESHOLD));
        for (int warm = 0; warm < 2; warm++) { // the JIT compiler first
            new VideoCaptioner(captioner, CaptionOptions.defaults(), modes.get("--every 1s")).caption(small);
            new VideoCaptioner(captioner, CaptionOptions.defaults(), modes.get("--scenes")).caption(large);
        }
        System.out.println("| video | mode | samples | cues | wall s | video s / wall s | decode s | encoder s | search s |");
        for (Path video : List.of(small, large)) {
            for (String mode : List.of("--every 1s", "--scenes")) {
                long start = System.nanoTime();
                VideoCaptioner.Result result = new VideoCaptioner(captioner, CaptionOptions.defaults(), modes.get(mode))
                        .caption(video);
                double wall = (System.nanoTime() - start) / 1e9;
                // the captioning time split: the same sampled frames through the encoder, then the search
                List<BufferedImage> frames = new ArrayList<>();
                FrameSampler sampler = modes.get(mode).get();
                VideoReader.read(video, Long.MAX_VALUE, (t, pixels) -> {
                    BufferedImage[] once = {null};
                    Supplier<BufferedImage> memo = () -> once[0] != null ? once[0] : (once[0] = pixels.get());
                    if (sampler.take(t, memo)) {
                        frames.add(memo.get());
                    }
                });
                long encode = 0;
                long search = 0;
                for (int from = 0; from < frames.size(); from += 16) {
                    List<BufferedImage> batch = frames.subList(from, Math.min(frames.size(), from + 16));
                    long t0 = System.nanoTime();
                    Features features = model.encoder().encode(batch.stream().map(preprocessor::resize).toList());
                    long t1 = System.nanoTime();
                    model.captionFeatures(features, model.config().search(), false);
                    long t2 = System.nanoTime();
                    encode += t1 - t0;
                    search += t2 - t1;
                }
                double caption = result.timing().captionNanos() / 1e9;
                double share = caption / Math.max(1e-9, (encode + search) / 1e9);
                System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.1f | %.2f | %.2f | %.2f |",
                        video.getFileName(), mode, result.samples().size(), result.cues().size(), wall,
                        result.endMicros() / 1e6 / wall, result.timing().decodeNanos() / 1e9, encode / 1e9 * share,
                        search / 1e9 * share));
            }
        }
    }

    private static BufferedImage scaled(BufferedImage image, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(image.getScaledInstance(size, size, Image.SCALE_SMOOTH), 0, 0, null);
        return out;
    }
}
