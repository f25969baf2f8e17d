package caption.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import caption.data.shapes.ShapesGenerator;
import caption.image.ImageDecoder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Latency of {@code caption --live -} end to end, through the launcher: 30 s of 640 x 480 H.264 at
 * 25 frames/s written into its standard input at real-time speed, 15 pictures of 2 s each
 * (generated scenes for {@code shapes}, Flickr8k test photos for {@code flickr8k}), sampled at scene
 * changes and at every frame ({@code --every 40ms}). Prints each run's summary line (frames,
 * captions, dropped, latency p50 and p95). Runs only with
 * {@code -Dlive.bench=true}: {@code mvn -o -q test -Dtest=LiveLatencyBench -Dlive.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LiveLatencyBench {

    private static final int PICTURES = 15;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final Path PHOTOS = Path.of("../shared/data/flickr8k");

    @Test
    void shapesAndPhotosAtRealTime() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("live.bench"), "skipped: run with -Dlive.bench=true");
        for (String[] sampling : List.of(new String[0], new String[] {"--every", "40ms"})) {
            report("shapes", scenes(), sampling);
        }
        if (Files.isDirectory(PHOTOS)) {
            for (String[] sampling : List.of(new String[0], new String[] {"--every", "40ms"})) {
                report("flickr8k", photos(), sampling);
            }
        } else {
            System.out.println("flickr8k: skipped, " + PHOTOS + " is absent");
        }
    }

    /** {@code sampling}: none for the scene detector, or {@code --every INTERVAL}. */
    private static void report(String model, List<BufferedImage> pictures, String... sampling) throws Exception {
        LiveStreams.Encoded stream = LiveStreams.mpegTs(pictures, 2.0, 25);
        List<String> command = new ArrayList<>(List.of("scripts/caption", "--live", "-", "--format", "jsonl",
                "--model", model));
        command.addAll(List.of(sampling));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            LiveStreams.writeInRealTime(stream, stdin);
        }
        assertEquals(0, process.waitFor(), err.get());
        String summary = err.get().lines().filter(l -> l.contains("latency p50")).findFirst().orElse("no summary");
        System.out.printf("%s %s: %d lines; %s%n", model, sampling.length == 0 ? "--scenes" : String.join(" ", sampling),
                out.get().lines().count(), summary);
        assertTrue(summary.contains("latency p50"), err.get());
    }

    private static List<BufferedImage> scenes() {
        ShapesGenerator generator = new ShapesGenerator(11);
        List<BufferedImage> pictures = new ArrayList<>();
        for (int i = 0; i < PICTURES; i++) {
            pictures.add(scaled(generator.generate(i).image()));
        }
        return pictures;
    }

    private static List<BufferedImage> photos() throws Exception {
        List<String> names = Files.readAllLines(PHOTOS.resolve("Flickr_8k.testImages.txt"));
        List<BufferedImage> pictures = new ArrayList<>();
        for (String name : names.subList(0, PICTURES)) {
            pictures.add(scaled(ImageDecoder.read(PHOTOS.resolve("Flicker8k_Dataset").resolve(name.strip()))));
        }
        return pictures;
    }

    /** 640 x 480 in the recorder's BGR layout. */
    private static BufferedImage scaled(BufferedImage image) {
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, WIDTH, HEIGHT, null);
        g.dispose();
        return out;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
