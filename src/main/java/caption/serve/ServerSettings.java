package caption.serve;

import java.time.Duration;

/**
 * How the server listens and protects itself: address, the largest upload (refused while it
 * streams) and image (refused from its header), request batching (how long to collect requests
 * and how many images make a full batch; off means one model call per image), the bounded queue
 * per model (full: 503 with Retry-After) and the time a request may wait for its captions.
 */
public record ServerSettings(String host, int port, long maxUploadBytes, long maxPixels, boolean batching,
        Duration batchWindow, int maxBatch, int queueCapacity, Duration timeout) {

    public static final long DEFAULT_MAX_UPLOAD = 20L * 1024 * 1024;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        if (maxUploadBytes < 1 || maxPixels < 1 || maxBatch < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("upload and pixel limits, batch and queue sizes must be positive");
        }
        if (batchWindow.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the batch window must not be negative and the timeout must be positive");
        }
    }

    /** Localhost:8080, 20 MB uploads, 50 megapixels, batches of up to 16 collected for 5 ms, 64 queued, 30 s. */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 8080, DEFAULT_MAX_UPLOAD, 50_000_000L, true, Duration.ofMillis(5), 16, 64,
                Duration.ofSeconds(30));
    }

    public ServerSettings withPort(int p) {
        return new ServerSettings(host, p, maxUploadBytes, maxPixels, batching, batchWindow, maxBatch, queueCapacity, timeout);
    }

    public ServerSettings withHost(String h) {
        return new ServerSettings(h, port, maxUploadBytes, maxPixels, batching, batchWindow, maxBatch, queueCapacity, timeout);
    }

    public ServerSettings withBatching(boolean on) {
        return new ServerSettings(host, port, maxUploadBytes, maxPixels, on, batchWindow, maxBatch, queueCapacity, timeout);
    }

    public ServerSettings withLimits(long uploadBytes, long pixels) {
        return new ServerSettings(host, port, uploadBytes, pixels, batching, batchWindow, maxBatch, queueCapacity, timeout);
    }

    public ServerSettings withQueue(int capacity, Duration requestTimeout) {
        return new ServerSettings(host, port, maxUploadBytes, maxPixels, batching, batchWindow, maxBatch, capacity,
                requestTimeout);
    }

    public ServerSettings withBatches(Duration window, int images) {
        return new ServerSettings(host, port, maxUploadBytes, maxPixels, batching, window, images, queueCapacity, timeout);
    }
}
