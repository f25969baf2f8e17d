package caption.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load on a captioning server on this machine: {@code clients} threads send
 * {@code requests} POSTs in all, each a raw image from the list in turn, and one JSON line reports
 * images/s, latency percentiles and the answers' statuses. Used by {@code scripts/serve-bench}.
 * Usage: {@code java -cp caption.jar caption.bench.HttpLoad URL CLIENTS REQUESTS IMAGE...}
 */
public final class HttpLoad {

    private HttpLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HttpLoad URL CLIENTS REQUESTS IMAGE...");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        if (!url.getHost().equals("127.0.0.1") && !url.getHost().equals("localhost")) {
            System.err.println("HttpLoad: only a server on this machine (127.0.0.1 or localhost)");
            System.exit(2);
        }
        int clients = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        List<byte[]> images = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            images.add(Files.readAllBytes(Path.of(args[i])));
        }
        System.out.println(run(url, clients, requests, images));
    }

    static String run(URI url, int clients, int requests, List<byte[]> images) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        double[] millis = new double[requests];
        int[] statuses = new int[requests];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    long t0 = System.nanoTime();
                    statuses[i] = send(http, url, images.get(i % images.size()));
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (int s : statuses) {
            byStatus.merge(s, 1, Integer::sum);
        }
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "{\"requests\": %d, \"clients\": %d, \"seconds\": %.2f, \"images_per_second\": %.2f, "
                + "\"p50_ms\": %.1f, \"p95_ms\": %.1f, \"p99_ms\": %.1f, \"statuses\": \"%s\"}", requests, clients, seconds,
                requests / seconds, percentile(millis, 50), percentile(millis, 95), percentile(millis, 99), byStatus);
    }

    private static int send(HttpClient http, URI url, byte[] image) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double percentile(double[] sorted, int p) {
        int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }
}
