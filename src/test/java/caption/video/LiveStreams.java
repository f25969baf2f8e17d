package caption.video;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Live streams for the tests: scenes encoded as H.264 in MPEG-TS, each frame's bytes known, and
 * written at real-time speed (frame i's bytes at i / fps seconds) as a camera's encoder would.
 */
public final class LiveStreams {

    /** The stream's bytes and where each frame's end: frame i is {@code bytes[frameEnds[i-1] .. frameEnds[i])}. */
    public record Encoded(byte[] bytes, int[] frameEnds, int fps, int framesPerScene) {
        public Encoded {
            if (frameEnds.length == 0 || fps <= 0 || framesPerScene <= 0) {
                throw new IllegalArgumentException("an encoded stream needs frames");
            }
        }

        public int scenes() {
            return frameEnds.length / framesPerScene;
        }

        /** The first {@code bytes} of the stream, as a stream cut short. */
        public byte[] prefix(int length) {
            return Arrays.copyOf(bytes, length);
        }
    }

    private LiveStreams() {}

    /** Each image held {@code secondsEach} at {@code fps}; packets are flushed as they are made, as a live muxer does. */
    public static Encoded mpegTs(List<BufferedImage> images, double secondsEach, int fps) throws IOException {
        int framesEach = (int) Math.round(secondsEach * fps);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        BufferedImage first = images.get(0);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(bytes, first.getWidth(), first.getHeight())) {
            recorder.setFormat("mpegts");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps);
            recorder.setVideoBitrate(1_000_000);
            recorder.setOption("flush_packets", "1");
            recorder.setOption("muxdelay", "0");
            recorder.start();
            Java2DFrameConverter converter = new Java2DFrameConverter();
            for (int i = 0; i < images.size() * framesEach; i++) {
                recorder.setTimestamp(Math.round(i * 1e6 / fps));
                recorder.record(converter.convert(TestVideos.bgr(images.get(i / framesEach))));
                ends.add(bytes.size());
            }
            recorder.stop();
        }
        int[] frameEnds = ends.stream().mapToInt(Integer::intValue).toArray();
        frameEnds[frameEnds.length - 1] = bytes.size(); // the muxer's last bytes go with the last frame
        return new Encoded(bytes.toByteArray(), frameEnds, fps, framesEach);
    }

    /**
     * Writes {@code stream} to {@code out} frame by frame at real-time speed, flushing each frame;
     * returns {@link System#nanoTime} when each scene's first bytes were written.
     */
    public static long[] writeInRealTime(Encoded stream, OutputStream out) throws IOException, InterruptedException {
        long[] sceneStarts = new long[stream.scenes()];
        long start = System.nanoTime();
        int from = 0;
        for (int i = 0; i < stream.frameEnds().length; i++) {
            long due = start + Math.round(i * 1e9 / stream.fps());
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (i % stream.framesPerScene() == 0 && i / stream.framesPerScene() < sceneStarts.length) {
                sceneStarts[i / stream.framesPerScene()] = System.nanoTime();
            }
            out.write(stream.bytes(), from, stream.frameEnds()[i] - from);
            out.flush();
            from = stream.frameEnds()[i];
        }
        return sceneStarts;
    }
}
