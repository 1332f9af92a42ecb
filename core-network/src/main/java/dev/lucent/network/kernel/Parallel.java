package dev.lucent.network.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Splits kernel work into contiguous index ranges over a few threads. Work is only ever split by
 * independent outputs (rows, blocks), never inside a reduction, so results are bit-identical for
 * any thread count. The thread count is per calling thread (see {@link #withThreads}).
 */
public final class Parallel {
    private static final int DEFAULT_THREADS = Math.max(1,
            Integer.getInteger("lucent.threads", Math.min(2, Runtime.getRuntime().availableProcessors())));
    private static final ThreadLocal<int[]> THREADS = ThreadLocal.withInitial(() -> new int[]{DEFAULT_THREADS});
    private static volatile ExecutorService pool;

    private Parallel() {
    }

    public interface Range {
        void run(int from, int to);
    }

    public static int threads() {
        return THREADS.get()[0];
    }

    /** Runs {@code body} with kernels on this thread using {@code n} threads, then restores the previous count. */
    public static <T> T withThreads(int n, java.util.function.Supplier<T> body) {
        if (n < 1) throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        int[] cell = THREADS.get();
        int old = cell[0];
        cell[0] = n;
        try {
            return body.get();
        } finally {
            cell[0] = old;
        }
    }

    /**
     * Runs body over [0, n) in up to {@link #threads()} contiguous chunks whose borders are multiples of
     * {@code align}; small jobs (work below {@code minWork}) run on the caller.
     */
    public static void forRange(int n, int align, long work, long minWork, Range body) {
        int t = threads();
        if (t <= 1 || work < minWork || n < 2L * align) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(t, n / align);
        int per = ((n / chunks) + align - 1) / align * align;
        Future<?>[] futures = new Future<?>[chunks - 1];
        ExecutorService p = pool();
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(n, c * per);
            int to = c == chunks - 1 ? n : Math.min(n, (c + 1) * per);
            futures[c - 1] = p.submit(() -> body.run(from, to));
        }
        body.run(0, Math.min(n, per));
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while waiting for a kernel worker", e);
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) throw failure;
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    ThreadFactory f = r -> {
                        Thread th = new Thread(() -> {
                            THREADS.get()[0] = 1; // workers never split again
                            r.run();
                        }, "lucent-kernel");
                        th.setDaemon(true);
                        return th;
                    };
                    p = Executors.newCachedThreadPool(f);
                    pool = p;
                }
            }
        }
        return p;
    }
}
