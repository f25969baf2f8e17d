package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.CaptionChecker;
import caption.data.shapes.ShapesGenerator;
import caption.video.LiveStreams;
import caption.video.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code caption --live}: generated shape scenes (2 s each, 25 frames/s, H.264 in MPEG-TS) written
 * at real-time speed into standard input and over a loopback TCP stream; each scene must be one
 * line, in order, true of its scene by the checker and printed within a second of the scene's
 * first bytes. Bad sources are one line each with their exit status.
 */
class LiveCommandTest {

    private static final long SEED = 7;
    private static final double SCENE_SECONDS = 2.0;
    private static final long PROMPT_NANOS = 1_000_000_000L;
    private static List<ShapesGenerator.GeneratedScene> scenes;
    private static LiveStreams.Encoded sixScenes;

    @BeforeAll
    static void encode() throws Exception {
        ShapesGenerator generator = new ShapesGenerator(SEED);
        scenes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            scenes.add(generator.generate(i));
        }
        sixScenes = encoded(0, 6);
    }

    private static LiveStreams.Encoded encoded(int from, int to) throws IOException {
        return LiveStreams.mpegTs(scenes.subList(from, to).stream().map(s -> TestVideos.bgr(s.image())).toList(),
                SCENE_SECONDS, 25);
    }

    @Test
    void standardInputAtRealTimeGivesOneTrueLinePerSceneWithinASecond() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(feed, 1 << 20);
        CountDownLatch reading = new CountDownLatch(1);
        InputStream stdin = new FilterInputStream(pipe) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reading.countDown();
                return super.read(b, off, len);
            }
        };
        CompletableFuture<LiveResult> run = CompletableFuture.supplyAsync(() -> LiveResult.of(stdin,
                "--live", "-", "--model", "shapes"));
        assertTrue(reading.await(60, TimeUnit.SECONDS), "the command reads standard input");
        long[] sceneStarts = LiveStreams.writeInRealTime(sixScenes, feed);
        feed.close();
        LiveResult result = run.get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exit(), result.err());
        assertScenesInOrder(result, sceneStarts, 0);
        assertTrue(result.err().contains("standard input ended: "), result.err());
    }

    @Test
    void matroskaAndMjpegOnStandardInputCaptionToo(@TempDir Path dir) throws Exception {
        List<BufferedImage> images = scenes.subList(0, 2).stream().map(s -> TestVideos.bgr(s.image())).toList();
        TestVideos.Kind mjpeg = new TestVideos.Kind("mjpeg", avcodec.AV_CODEC_ID_MJPEG, null, avutil.AV_PIX_FMT_YUVJ420P);
        CaptionChecker checker = new CaptionChecker();
        for (TestVideos.Kind kind : List.of(TestVideos.Kind.MKV_H264, mjpeg)) {
            Path video = dir.resolve("scenes." + kind.format());
            TestVideos.write(video, kind, images, SCENE_SECONDS, 25, Map.of());
            LiveResult result = LiveResult.of(Files.newInputStream(video), "--live", "-", "--model", "shapes");
            assertEquals(0, result.exit(), kind.format() + ": " + result.err());
            assertEquals(2, result.lines().size(), kind.format() + ": " + result.lines());
            for (int i = 0; i < 2; i++) {
                String caption = result.lines().get(i).split("\t")[1];
                assertTrue(checker.check(caption, scenes.get(i).scene()).isTrue(), kind.format() + " scene " + i + ": " + caption);
            }
        }
    }

    @Test
    void aStopSignalEndsTheRunWithEverythingPrintedAndExitZero() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:+UseSerialGC", "-cp", classPath, CaptionCommand.class.getName(),
                "--live", "-", "--model", "shapes").start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        LiveStreams.Encoded threeScenes = encoded(0, 3);
        LiveStreams.writeInRealTime(threeScenes, process.getOutputStream()); // the input stays open
        Thread.sleep(1_000);
        // Ctrl-C's signal; Process.destroy would close the streams the test still reads
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the run stops");
        assertEquals(0, process.exitValue(), err.get());
        // every caption made was printed and flushed: the summary's line count is what stdout holds
        // (how many scenes got a caption depends on how fast a fresh JVM starts reading)
        Matcher summary = Pattern.compile("caption: standard input stopped: .* \\((\\d+) lines\\)").matcher(err.get());
        assertTrue(summary.find(), err.get());
        long printed = out.get().lines().count();
        assertTrue(printed >= 1, out.get() + err.get());
        assertEquals(Long.parseLong(summary.group(1)), printed, out.get() + err.get());
    }

    private static String text(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTcpStreamIsReopenedAfterItDropsThenGivenUp() throws Exception {
        LiveStreams.Encoded firstHalf = encoded(0, 3);
        LiveStreams.Encoded secondHalf = encoded(3, 6);
        long[] sceneStarts = new long[6];
        CompletableFuture<LiveResult> run;
        String url;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            url = "tcp://127.0.0.1:" + server.getLocalPort();
            run = CompletableFuture.supplyAsync(() -> LiveResult.of(InputStream.nullInputStream(),
                    "--live", url, "--model", "shapes", "--reconnect", "3s"));
            int scene = 0;
            for (LiveStreams.Encoded half : List.of(firstHalf, secondHalf)) {
                try (Socket client = server.accept()) {
                    for (long start : LiveStreams.writeInRealTime(half, client.getOutputStream())) {
                        sceneStarts[scene++] = start;
                    }
                }
            }
        } // closed: reopening is refused until the reconnect time runs out
        LiveResult result = run.get(60, TimeUnit.SECONDS);
        assertEquals(1, result.exit(), result.err());
        assertScenesInOrder(result, sceneStarts, 1);
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("caption: " + url + ": stream lost after 11."), result.err());
        assertTrue(result.err().contains("reopening failed for 3 s (last: cannot open ("), result.err());
    }

    /**
     * One true line per scene, in order, at its stream time (give or take {@code framesLate}), printed within a
     * second of the scene's first bytes, the first scene after an opening too.
     */
    private static void assertScenesInOrder(LiveResult result, long[] sceneStarts, int framesLate) {
        CaptionChecker checker = new CaptionChecker();
        for (int i = 0; i < Math.min(sceneStarts.length, result.lines().size()); i++) {
            System.out.printf("%s  (%d ms after scene %d's first bytes)%n", result.lines().get(i),
                    (result.lineNanos().get(i) - sceneStarts[i]) / 1_000_000, i);
        }
        assertEquals(scenes.size(), result.lines().size(), String.join("\n", result.lines()) + "\n" + result.err());
        for (int i = 0; i < scenes.size(); i++) {
            String[] fields = result.lines().get(i).split("\t");
            String caption = fields[1];
            long promptness = result.lineNanos().get(i) - sceneStarts[i];
            assertEquals(i * SCENE_SECONDS, seconds(fields[0]), 0.05 + framesLate * 0.04, result.lines().get(i));
            assertTrue(checker.check(caption, scenes.get(i).scene()).isTrue(), "scene " + i + ": " + caption);
            assertTrue(promptness < PROMPT_NANOS, "scene " + i + " printed " + promptness / 1_000_000 + " ms after it began");
        }
    }

    private static double seconds(String time) {
        String[] parts = time.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
    }

    @Test
    void badSourcesAreOneLineEach() throws Exception {
        LiveResult empty = LiveResult.of(new ByteArrayInputStream(new byte[0]), "--live", "-", "--model", "shapes");
        assertFailure(empty, 1, "caption: standard input: nothing to read (the input is empty)");
        byte[] text = "this is not a video\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        LiveResult notVideo = LiveResult.of(new ByteArrayInputStream(text), "--live", "-", "--model", "shapes");
        assertFailure(notVideo, 1, "caption: standard input: cannot open (");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        LiveResult refused = LiveResult.of(InputStream.nullInputStream(), "--live", "tcp://127.0.0.1:" + closedPort,
                "--model", "shapes");
        assertFailure(refused, 1, "caption: tcp://127.0.0.1:" + closedPort + ": cannot open (");
        assertTrue(refused.err().toLowerCase().contains("connection refused"), refused.err());
        LiveResult camera = LiveResult.of(InputStream.nullInputStream(), "--live", "/dev/video99", "--model", "shapes");
        assertFailure(camera, 1, "caption: /dev/video99: no such camera (the device does not exist)");
        // a stream cut half-way through a packet: what was captioned stays printed; the end of the input is its end
        byte[] cut = sixScenes.prefix(sixScenes.frameEnds()[3 * sixScenes.framesPerScene() - 1] - 100);
        LiveResult halfWay = LiveResult.of(new ByteArrayInputStream(cut), "--live", "-", "--model", "shapes", "--every", "1s");
        assertEquals(0, halfWay.exit(), halfWay.err());
        assertTrue(!halfWay.lines().isEmpty() && halfWay.lines().stream().allMatch(l -> seconds(l.split("\t")[0]) < 6),
                String.join("\n", halfWay.lines())); // read faster than real time: samples are dropped
        assertTrue(halfWay.err().startsWith("caption: standard input ended: "), halfWay.err());
    }

    @Test
    void liveWithOtherInputsOrFormatsIsBadUsage() {
        for (List<String> args : List.of(List.of("--live", "-", "scene.png"), List.of("--live", "camera"),
                List.of("--live", "-", "--format", "srt"), List.of("--live", "-", "--every", "1s", "--scenes"),
                List.of("--live", "-", "--files-from", "list.txt"))) {
            LiveResult r = LiveResult.of(InputStream.nullInputStream(), args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + ": " + r.err());
            assertTrue(r.err().startsWith("caption: "), r.err());
        }
    }

    private static void assertFailure(LiveResult result, int exit, String start) {
        assertEquals(exit, result.exit(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith(start), result.err());
        assertTrue(result.lines().isEmpty(), result.lines().toString());
    }

    /** A run of the command in-process: its exit status, stdout's lines with when each was completed, stderr. */
    record LiveResult(int exit, List<String> lines, List<Long> lineNanos, String err) {

        static LiveResult of(InputStream stdin, String... args) {
            CaptionCommand command = new CaptionCommand();
            command.stdin = stdin;
            TimedLines out = new TimedLines();
            StringWriter err = new StringWriter();
            CommandLine cl = Cli.commandLine(command, false);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new LiveResult(exit, out.lines(), out.times(), err.toString());
        }
    }

    /** A writer that keeps each completed line and the {@link System#nanoTime} it was completed. */
    private static final class TimedLines extends Writer {
        private final StringBuilder current = new StringBuilder();
        private final List<String> lines = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    times.add(System.nanoTime());
                    lines.add(current.toString().replace("\r", ""));
                    current.setLength(0);
                } else {
                    current.append(buffer[i]);
                }
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized List<Long> times() {
            return List.copyOf(times);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
