package caption.serve;

import caption.api.CaptionOptions;
import caption.api.Captioner;
import caption.model.Caption;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One model's queue of images to caption and the thread that captions them: it takes the first
 * waiting image, collects more for up to the batch window or until a batch is full, and captions
 * those that share options in one model call. The queue is bounded: a full one refuses at once.
 */
final class ModelBatcher implements AutoCloseable {

    /** One image waiting for its caption. */
    private record Job(BufferedImage image, CaptionOptions options, CompletableFuture<Caption> result) {}

    private final Captioner captioner;
    private final BlockingQueue<Job> queue;
    private final long windowNanos;
    private final int maxBatch;
    private final Thread worker;
    private volatile boolean open = true;

    ModelBatcher(String name, Captioner captioner, ServerSettings settings) {
        this.captioner = captioner;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.windowNanos = settings.batching() ? settings.batchWindow().toNanos() : 0;
        this.maxBatch = settings.batching() ? settings.maxBatch() : 1;
        this.worker = new Thread(this::run, "caption-batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** The image's caption to come; refuses with 503 when the queue is full. */
    CompletableFuture<Caption> submit(BufferedImage image, CaptionOptions options) {
        CompletableFuture<Caption> result = new CompletableFuture<>();
        if (!open || !queue.offer(new Job(image, options, result))) {
            throw new ApiError(503, "the server is busy (" + queue.size() + " images waiting); try again shortly", 1);
        }
        return result;
    }

    int waiting() {
        return queue.size();
    }

    private void run() {
        try {
            while (open) {
                List<Job> batch = collect(queue.take());
                for (Map.Entry<CaptionOptions, List<Job>> group : byOptions(batch).entrySet()) {
                    caption(group.getKey(), group.getValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Job> collect(Job first) throws InterruptedException {
        List<Job> batch = new ArrayList<>(List.of(first));
        long deadline = System.nanoTime() + windowNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private static Map<CaptionOptions, List<Job>> byOptions(List<Job> batch) {
        Map<CaptionOptions, List<Job>> groups = new LinkedHashMap<>();
        for (Job job : batch) {
            if (!job.result().isDone()) { // a request that timed out cancelled its jobs
                groups.computeIfAbsent(job.options(), k -> new ArrayList<>()).add(job);
            }
        }
        return groups;
    }

    private void caption(CaptionOptions options, List<Job> jobs) {
        try {
            List<Caption> captions = captioner.captionImages(jobs.stream().map(Job::image).toList(), options);
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).result().complete(captions.get(i));
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            jobs.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        open = false;
        worker.interrupt();
        queue.forEach(job -> job.result().cancel(false));
        queue.clear();
    }
}
