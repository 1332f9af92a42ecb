package dev.lucent.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load on loopback: requests at a fixed rate for a fixed time, spread over the given URLs,
 * with at most {@code maxInFlight} outstanding (a request that cannot start in time counts as an error).
 * Bounded in count and time; stops by itself. Prints throughput, errors and latency percentiles.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.lucent.bench.ConsoleLoad RATE SECONDS COOKIE URL...</pre>
 */
public final class ConsoleLoad {

    /** {@code errors} = non-200 answers + failed requests + requests not started because {@code maxInFlight} were waiting. */
    public record Result(long sent, long ok, long errors, long notStarted, long non200, long failed, double seconds,
                         long p50Micros, long p99Micros, long maxMicros) {
        @Override
        public String toString() {
            return String.format("%d requests in %.1f s (%.1f/s): %d ok, %d errors (%d non-200, %d failed, %d not started: in-flight cap); latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    sent, seconds, sent / seconds, ok, errors, non200, failed, notStarted, p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    public static Result run(List<URI> urls, String cookie, int rate, int seconds, int maxInFlight) throws InterruptedException {
        if (urls.isEmpty()) throw new IllegalArgumentException("no URLs");
        for (URI u : urls)
            if (!"127.0.0.1".equals(u.getHost()) && !"localhost".equals(u.getHost()))
                throw new IllegalArgumentException("load goes to loopback only, not " + u.getHost());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(4)).build();
        long total = (long) rate * seconds;
        long[] latencies = new long[(int) total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong(), notStarted = new AtomicLong(), non200 = new AtomicLong(), failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            if (!inFlight.tryAcquire()) {
                errors.incrementAndGet();
                notStarted.incrementAndGet();
                continue;
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(urls.get((int) (i % urls.size()))).timeout(Duration.ofSeconds(5)).GET();
            if (cookie != null && !cookie.isEmpty()) rb.header("Cookie", cookie);
            long t0 = System.nanoTime();
            pending.add(client.sendAsync(rb.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, ex) -> {
                latencies[recorded.getAndIncrement()] = (System.nanoTime() - t0) / 1000;
                if (ex == null && resp.statusCode() == 200) ok.incrementAndGet();
                else {
                    errors.incrementAndGet();
                    (ex == null ? non200 : failed).incrementAndGet();
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] l = Arrays.copyOf(latencies, recorded.get());
        Arrays.sort(l);
        long p50 = l.length == 0 ? 0 : l[l.length / 2];
        long p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))];
        long max = l.length == 0 ? 0 : l[l.length - 1];
        return new Result(total, ok.get(), errors.get(), notStarted.get(), non200.get(), failed.get(), elapsed, p50, p99, max);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ConsoleLoad RATE SECONDS COOKIE URL...");
            System.exit(2);
        }
        List<URI> urls = Arrays.stream(args).skip(3).map(URI::create).toList();
        System.out.println(run(urls, args[2], Integer.parseInt(args[0]), Integer.parseInt(args[1]), 256));
    }

    private ConsoleLoad() {
    }
}
