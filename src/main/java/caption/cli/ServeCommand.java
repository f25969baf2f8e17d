package caption.cli;

import caption.api.Captioner;
import caption.api.RuntimeSettings;
import caption.model.ModelRegistry;
import caption.serve.CaptionServer;
import caption.serve.MemoryFolder;
import caption.serve.ServerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption serve}: the web page and the HTTP API on an embedded server, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the web page at / and the JSON API under /v1 (POST /v1/captions, GET /v1/models, "
                + "GET /v1/health, GET /v1/memory with --memory), each model loaded once; binds to localhost unless told otherwise.",
            "Stops on Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--model", arity = "1..*", paramLabel = "NAME",
            description = "Models to serve, bundled names or files; the first is the default (default flickr8k).")
    List<String> modelNames = List.of(ModelRegistry.DEFAULT_MODEL);

    @Option(names = "--max-upload-mb", defaultValue = "20", converter = PositiveInteger.class,
            description = "Largest upload in MB, refused while it streams (default ${DEFAULT-VALUE}).")
    int maxUploadMb;

    @Option(names = "--max-pixels", defaultValue = "50000000",
            description = "Refuse larger images, from their header (default ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--batching", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Caption concurrent requests together (default ${DEFAULT-VALUE}; --no-batching: one model call per image).")
    boolean batching;

    @Option(names = "--batch-window-ms", defaultValue = "5",
            description = "How long to collect requests for a batch (default ${DEFAULT-VALUE}).")
    int batchWindowMs;

    @Option(names = "--max-batch", defaultValue = "16", converter = PositiveInteger.class,
            description = "Images in a full batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--queue", defaultValue = "64", converter = PositiveInteger.class,
            description = "Images waiting per model before requests get 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--timeout-s", defaultValue = "30", converter = PositiveInteger.class,
            description = "Seconds a request may wait for its captions (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--memory", arity = "1..*", paramLabel = "DIR",
            description = "'caption memory' output folders to show in the page's Memory view (GET /v1/memory...).")
    List<Path> memoryDirs = List.of();

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
        }
        long start = System.nanoTime();
        Map<String, Captioner> models = new LinkedHashMap<>();
        for (String name : modelNames) {
            models.put(name, Captioner.load(name, RuntimeSettings.fromEnvironment()));
        }
        List<MemoryFolder> memory = new ArrayList<>();
        for (Path dir : memoryDirs) {
            memory.add(MemoryFolder.load(dir));
        }
        ServerSettings settings = new ServerSettings(host, port, maxUploadMb * 1024L * 1024L, maxPixels, batching,
                Duration.ofMillis(Math.max(0, batchWindowMs)), maxBatch, queue, Duration.ofSeconds(timeoutSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        try (CaptionServer server = CaptionServer.start(settings, models, memory)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            err.printf("serving %s on http://%s:%d/ (ready in %.1f s; Ctrl-C stops)%n", String.join(", ", models.keySet()),
                    host, server.port(), (System.nanoTime() - start) / 1e9);
            err.flush();
            stopped.await();
        }
        return Cli.OK;
    }
}
