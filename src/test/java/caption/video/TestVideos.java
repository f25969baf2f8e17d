package caption.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Videos written with javacv's FFmpegFrameRecorder for the tests. */
public final class TestVideos {

    /** A container and codec to write. */
    public record Kind(String format, int codec, String codecName, int pixelFormat) {
        public static final Kind MP4_H264 = new Kind("mp4", avcodec.AV_CODEC_ID_H264, "libopenh264", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind WEBM_VP9 = new Kind("webm", avcodec.AV_CODEC_ID_VP9, null, avutil.AV_PIX_FMT_YUV420P);
        public static final Kind MKV_H264 = new Kind("matroska", avcodec.AV_CODEC_ID_H264, "libopenh264", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind AVI_MJPEG = new Kind("avi", avcodec.AV_CODEC_ID_MJPEG, null, avutil.AV_PIX_FMT_YUVJ420P);
        public static final Kind GIF = new Kind("gif", avcodec.AV_CODEC_ID_GIF, null, avutil.AV_PIX_FMT_RGB8);
    }

    private TestVideos() {}

    /** Each image held for {@code secondsEach} at {@code fps} frames per second. */
    public static void write(Path file, Kind kind, List<BufferedImage> images, double secondsEach, int fps,
            Map<String, String> videoMetadata) throws FrameRecorder.Exception {
        int framesEach = (int) Math.round(secondsEach * fps);
        long[] times = new long[images.size() * framesEach];
        for (int i = 0; i < times.length; i++) {
            times[i] = Math.round(i * 1e6 / fps);
        }
        writeTimed(file, kind, images, framesEach, times, fps, videoMetadata);
    }

    /**
     * Frame i shows {@code images.get(i / framesEach)} from {@code times[i]} microseconds: irregular
     * times give a variable frame rate.
     */
    public static void writeTimed(Path file, Kind kind, List<BufferedImage> images, int framesEach, long[] times, int fps,
            Map<String, String> videoMetadata) throws FrameRecorder.Exception {
        BufferedImage first = images.get(0);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), first.getWidth(), first.getHeight())) {
            recorder.setFormat(kind.format());
            recorder.setVideoCodec(kind.codec());
            if (kind.codecName() != null) {
                recorder.setVideoCodecName(kind.codecName());
            }
            recorder.setPixelFormat(kind.pixelFormat());
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps);
            recorder.setVideoBitrate(2_000_000);
            recorder.setVideoQuality(kind.codec() == avcodec.AV_CODEC_ID_MJPEG ? 2 : -1);
            if (kind.codec() == avcodec.AV_CODEC_ID_VP9) {
                recorder.setVideoOption("deadline", "realtime");
                recorder.setVideoOption("cpu-used", "8");
                recorder.setVideoOption("crf", "20");
            }
            videoMetadata.forEach(recorder::setVideoMetadata);
            recorder.start();
            Java2DFrameConverter converter = new Java2DFrameConverter();
            for (int i = 0; i < times.length; i++) {
                recorder.setTimestamp(times[i]);
                recorder.record(converter.convert(bgr(images.get(i / framesEach))));
            }
            recorder.stop();
        }
    }

    /** A video stream with no frames. */
    public static void writeEmpty(Path file, Kind kind, int width, int height) throws FrameRecorder.Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height)) {
            recorder.setFormat(kind.format());
            recorder.setVideoCodec(kind.codec());
            if (kind.codecName() != null) {
                recorder.setVideoCodecName(kind.codecName());
            }
            recorder.setPixelFormat(kind.pixelFormat());
            recorder.setFrameRate(10);
            recorder.start();
            recorder.stop();
        }
    }

    /** One second of a 440 Hz tone, and no video stream. */
    public static void writeAudioOnly(Path file) throws FrameRecorder.Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(16000);
            recorder.setAudioChannels(1);
            recorder.start();
            short[] samples = new short[16000];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            }
            recorder.recordSamples(16000, 1, java.nio.ShortBuffer.wrap(samples));
            recorder.stop();
        }
    }

    /**
     * Sets the display matrix of an MP4's video track to "turn 90 degrees clockwise", as phones
     * write portrait videos (javacv 1.5.7's recorder writes no rotation: its {@code rotate} video
     * metadata does not reach FFmpeg 5.0's muxer).
     */
    public static void rotateMp4(Path file) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        int tkhd = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("tkhd");
        if (tkhd < 0 || bytes[tkhd + 4] != 0) {
            throw new IllegalStateException("no version-0 tkhd box in " + file);
        }
        java.nio.ByteBuffer matrix = java.nio.ByteBuffer.wrap(bytes, tkhd + 44, 36);
        for (int value : new int[] {0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000}) {
            matrix.putInt(value);
        }
        java.nio.file.Files.write(file, bytes);
    }

    public static BufferedImage bgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(image, 0, 0, null);
        return out;
    }
}
