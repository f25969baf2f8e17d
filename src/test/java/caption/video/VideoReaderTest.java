package caption.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real FFmpeg on videos written by FFmpegFrameRecorder: containers, timestamps, rotation, bad inputs. */
class VideoReaderTest {

    @TempDir
    Path dir;

    /** Left half red, right half blue, 64 x 48: which way up a frame is shows in its corners. */
    static BufferedImage halves() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(220, 30, 30));
        g.fillRect(0, 0, 32, 48);
        g.setColor(new Color(30, 30, 220));
        g.fillRect(32, 0, 32, 48);
        g.dispose();
        return image;
    }

    private record Read(VideoReader.Result result, List<Long> times, BufferedImage first) {}

    private static Read read(Path video, long maxPixels) throws VideoReader.VideoException {
        List<Long> times = new ArrayList<>();
        BufferedImage[] first = {null};
        VideoReader.Result result = VideoReader.read(video, maxPixels, (time, pixels) -> {
            if (times.isEmpty()) {
                first[0] = pixels.get();
            }
            times.add(time);
        });
        return new Read(result, times, first[0]);
    }

    @Test
    void readsCommonContainersByTimestamp() throws Exception {
        List<BufferedImage> images = List.of(halves(), halves());
        for (TestVideos.Kind kind : List.of(TestVideos.Kind.MP4_H264, TestVideos.Kind.WEBM_VP9, TestVideos.Kind.MKV_H264,
                TestVideos.Kind.AVI_MJPEG, TestVideos.Kind.GIF)) {
            Path video = dir.resolve("clip." + kind.format());
            TestVideos.write(video, kind, images, 1.0, 10, Map.of());
            Read read = read(video, 50_000_000);
            assertEquals(20, read.result().frames(), kind.format());
            for (int i = 0; i < 20; i++) {
                assertEquals(i * 100_000L, read.times().get(i), 1_000, kind.format() + " frame " + i);
            }
            assertEquals(2_000_000L, read.result().endMicros(), 1_000, kind.format());
            assertEquals(64, read.first().getWidth());
            assertTrue(redLeft(read.first()), kind.format());
        }
    }

    @Test
    void variableFrameRateIsSampledByTime() throws Exception {
        Path video = dir.resolve("vfr.mkv");
        long[] times = {0, 40_000, 80_000, 500_000, 1_500_000, 1_540_000, 3_000_000, 3_100_000};
        TestVideos.writeTimed(video, TestVideos.Kind.MKV_H264, List.of(halves()), times.length, times, 1000, Map.of());
        Read read = read(video, 50_000_000);
        assertEquals(times.length, read.result().frames());
        for (int i = 0; i < times.length; i++) {
            assertEquals(times[i], read.times().get(i), 1_000, "frame " + i);
        }
        FrameSampler every = FrameSampler.every(1_000_000);
        List<Long> taken = read.times().stream().filter(t -> every.take(t, () -> null)).toList();
        assertEquals(List.of(0L, 1_500_000L, 3_000_000L), taken);
    }

    @Test
    void rotationMetadataTurnsFramesUpright() throws Exception {
        Path video = dir.resolve("rotated.mp4");
        TestVideos.write(video, TestVideos.Kind.MP4_H264, List.of(halves()), 0.5, 10, Map.of());
        TestVideos.rotateMp4(video);
        Read read = read(video, 50_000_000);
        assertEquals(90, read.result().info().rotation());
        BufferedImage upright = read.first();
        assertEquals(48, upright.getWidth());
        assertEquals(64, upright.getHeight());
        // turned 90 degrees clockwise: the red left half is now on top
        assertTrue(isRed(upright.getRGB(24, 4)) && isBlue(upright.getRGB(24, 60)));
    }

    @Test
    void badInputsAreOneLineReasons() throws Exception {
        Path good = dir.resolve("good.mp4");
        TestVideos.write(good, TestVideos.Kind.MP4_H264, List.of(halves(), halves()), 2.0, 10, Map.of());
        Path text = Files.writeString(dir.resolve("text.mp4"), "this is not a video\n");
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        byte[] noise = new byte[8192];
        new Random(1).nextBytes(noise);
        Path random = Files.write(dir.resolve("noise.mkv"), noise);
        Path mkv = dir.resolve("good.mkv");
        TestVideos.write(mkv, TestVideos.Kind.MKV_H264, List.of(VideoCaptionTest.scene(0), VideoCaptionTest.scene(1),
                VideoCaptionTest.scene(2)), 2.0, 10, Map.of());
        byte[] whole = Files.readAllBytes(mkv);
        Path truncatedMkv = Files.write(dir.resolve("truncated.mkv"), Arrays.copyOf(whole, whole.length / 2));
        Path cutInHeader = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(whole, 200));
        byte[] mp4 = Files.readAllBytes(good);
        Path truncatedMp4 = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(mp4, mp4.length / 2));
        Path audio = dir.resolve("audio.mp4");
        TestVideos.writeAudioOnly(audio);
        Path zero = dir.resolve("zero.avi");
        TestVideos.writeEmpty(zero, TestVideos.Kind.AVI_MJPEG, 64, 48);


        assertEquals(40, read(good, 50_000_000).result().frames());
        assertReason(text, 50_000_000, "not a video");
        assertReason(empty, 50_000_000, "empty file (0 bytes), not a video");
        assertReason(random, 50_000_000, "not a video");
        assertReason(truncatedMkv, 50_000_000, "truncated");
        assertReason(cutInHeader, 50_000_000, "truncated");
        assertReason(truncatedMp4, 50_000_000, "truncated or unfinished MP4");
        assertReason(audio, 50_000_000, "no video stream (audio only)");
        assertReason(zero, 50_000_000, "zero-length video");
        assertReason(good, 1000, "64 x 48 video is larger than the limit of 1,000 pixels");
        assertReason(dir.resolve("missing.mp4"), 50_000_000, "does not exist");
        assertReason(dir, 50_000_000, "is a folder");
    }

    private static void assertReason(Path video, long maxPixels, String reason) {
        VideoReader.VideoException e = assertThrows(VideoReader.VideoException.class, () -> read(video, maxPixels));
        assertTrue(e.getMessage().startsWith(video + ": "), e.getMessage());
        assertTrue(e.getMessage().substring(video.toString().length()).contains(reason), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }

    private static boolean redLeft(BufferedImage image) {
        return isRed(image.getRGB(4, image.getHeight() / 2)) && isBlue(image.getRGB(image.getWidth() - 5, image.getHeight() / 2));
    }

    private static boolean isRed(int rgb) {
        return (rgb >> 16 & 0xff) > 150 && (rgb & 0xff) < 100;
    }

    private static boolean isBlue(int rgb) {
        return (rgb & 0xff) > 150 && (rgb >> 16 & 0xff) < 100;
    }
}
