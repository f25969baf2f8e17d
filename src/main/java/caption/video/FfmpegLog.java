package caption.video;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's log, kept off stderr: the latest error message is remembered to explain a failure in
 * the one-line reason of a bad input; everything else is dropped.
 */
final class FfmpegLog {

    private static volatile String lastError;
    private static LogCallback callback; // held so the native side's pointer stays valid

    private FfmpegLog() {}

    static synchronized void install() {
        if (callback != null) {
            return;
        }
        callback = new LogCallback() {
            @Override
            public void call(int level, BytePointer message) {
                if (level <= avutil.AV_LOG_ERROR && message != null) {
                    String text = message.getString().strip();
                    if (!text.isEmpty()) {
                        lastError = text;
                    }
                }
            }
        };
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(callback);
    }

    /** Forgets the last error (before an operation whose errors are wanted). */
    static void clear() {
        lastError = null;
    }

    /** The last error FFmpeg logged since {@link #clear}, or null. */
    static String lastError() {
        return lastError;
    }

    /** FFmpeg's text for an error code, lowercase first letter, as in "invalid data found when processing input". */
    static String describe(int code) {
        byte[] buffer = new byte[256];
        avutil.av_strerror(code, buffer, buffer.length);
        int n = 0;
        while (n < buffer.length && buffer[n] != 0) {
            n++;
        }
        String text = new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        return text.isEmpty() ? "error " + code : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
