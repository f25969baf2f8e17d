package caption.encoder;

import caption.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Finds the SqueezeNet v1.1 ImageNet weights (the published Keras file, MIT licence), in this
 * order: a file named by {@code --encoder-weights}, {@code CAPTION_ENCODER_WEIGHTS} or the
 * {@code caption.encoder.weights} property; the project's
 * cache ({@code ~/.cache/caption/}); a download of the pinned public copy with a progress bar, sha256
 * check and atomic write into that cache. The DL4J zoo's own {@code initPretrained} is tried by
 * {@link ImageNetEncoder} before the download. Offline with nothing found: one message naming these
 * options.
 */
public final class ImageNetWeights {

    public static final String ENVIRONMENT = "CAPTION_ENCODER_WEIGHTS";
    /** The same as {@link #ENVIRONMENT}, for a JVM that cannot set its environment (a Spark executor). */
    public static final String PROPERTY = "caption.encoder.weights";
    public static final String FILE_NAME = "squeezenet_v1.1_imagenet_notop_tf.h5";
    public static final String SHA256 = "17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da";
    public static final URI URL = URI.create("https://github.com/DeepCognition/keras-squeezenet/raw/"
            + "a73d4339aa4d37c51a0b3ba044bed55477abec73/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5");

    private ImageNetWeights() {}

    /** Where the weights were found, and how. */
    public record Found(Path file, String source) {}

    /** The weights file from the explicit path, the environment or the cache; empty if none. */
    public static Optional<Found> local(Path explicit) throws IOException {
        if (explicit != null) {
            return Optional.of(new Found(checkedFile(explicit, "--encoder-weights"), "--encoder-weights"));
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return Optional.of(new Found(checkedFile(Path.of(env), ENVIRONMENT), ENVIRONMENT));
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(new Found(checkedFile(Path.of(property), PROPERTY), PROPERTY));
        }
        Path cached = cacheFile();
        return Files.isRegularFile(cached) ? Optional.of(new Found(cached, "cache " + cached)) : Optional.empty();
    }

    /** Downloads the pinned file into the cache, checking its sha256. */
    public static Found download(PrintWriter log) throws IOException {
        Path target = cacheFile();
        Files.createDirectories(target.getParent());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(URL).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(URL + ": HTTP " + response.statusCode());
        }
        long size = response.headers().firstValueAsLong("content-length").orElse(-1);
        log.println("downloading " + URL + " to " + target);
        log.flush();
        MessageDigest sha = sha256();
        try (InputStream body = new DigestInputStream(response.body(), sha);
                ProgressBar bar = new ProgressBarBuilder().setTaskName("weights").setInitialMax(size)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).build()) {
            AtomicFiles.write(target, out -> {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    bar.stepBy(n);
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(SHA256)) {
                    throw new IOException(URL + ": sha256 " + actual + ", expected " + SHA256);
                }
            });
        }
        return new Found(target, "download " + URL);
    }

    /** The message when nothing worked: every way to provide the weights. */
    public static IOException notFound(List<String> attempts) {
        return new IOException("no SqueezeNet ImageNet weights: name a file with " + ENVIRONMENT
                + "=FILE (or train --encoder-weights FILE), or put " + FILE_NAME + " in " + cacheFile().getParent()
                + ", or go online for a download of " + URL + " (tried: " + String.join("; ", attempts) + ")");
    }

    public static Path cacheFile() {
        return Path.of(System.getProperty("user.home"), ".cache", "caption", FILE_NAME);
    }

    /** The file's sha256 as hex. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Path checkedFile(Path file, String from) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such weights file (from " + from + ")");
        }
        return file;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
