package dev.lucent.network.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The hand-off to the kernel workers: every index is run exactly once, in chunks on align borders, on any thread
 * count; a worker's failure reaches the caller only after every chunk has ended; callers sharing the workers at
 * the same time each get all their work done (a busy worker's chunk runs on the caller); workers never split again.
 */
class ParallelTest {

    @Test
    void everyIndexRunsOnceOnAlignedChunks() {
        for (int threads : new int[]{1, 2, 3, 4}) {
            for (int n : new int[]{0, 1, 7, 8, 9, 64, 65, 1001}) {
                for (int align : new int[]{1, 4, 16}) {
                    int[] hits = new int[n];
                    int al = align;
                    AtomicInteger badBorder = new AtomicInteger();
                    Parallel.withThreads(threads, () -> {
                        Parallel.forRange(n, al, Long.MAX_VALUE, 0, (from, to) -> {
                            if (from % al != 0) badBorder.incrementAndGet();
                            for (int i = from; i < to; i++) {
                                synchronized (hits) {
                                    hits[i]++;
                                }
                            }
                        });
                        return null;
                    });
                    int[] once = new int[n];
                    java.util.Arrays.fill(once, 1);
                    assertArrayEquals(once, hits, threads + " threads, n " + n + ", align " + align);
                    assertEquals(0, badBorder.get(), "a chunk started off an align border");
                }
            }
        }
    }

    @Test
    void aWorkersFailureReachesTheCallerAfterEveryChunkEnded() {
        AtomicInteger ended = new AtomicInteger();
        IllegalArgumentException thrown = new IllegalArgumentException("chunk failed");
        IllegalArgumentException seen = assertThrows(IllegalArgumentException.class, () -> Parallel.withThreads(2, () -> {
            Parallel.forRange(64, 4, Long.MAX_VALUE, 0, (from, to) -> {
                if (from > 0) throw thrown; // the worker's chunk
                sleep(50); // the caller's chunk is still running when the worker fails
                ended.incrementAndGet();
            });
            return null;
        }));
        assertSame(thrown, seen);
        assertEquals(1, ended.get());
        // and the worker is free again
        int[] hits = new int[64];
        Parallel.withThreads(2, () -> {
            Parallel.forRange(64, 4, Long.MAX_VALUE, 0, (from, to) -> {
                for (int i = from; i < to; i++) hits[i]++;
            });
            return null;
        });
        assertEquals(64, java.util.Arrays.stream(hits).sum());
    }

    @Test
    void callersAtOnceShareTheWorkersAndEachGetsAllItsWork() throws Exception {
        int callers = 4, calls = 300;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] f = new Future<?>[callers];
            for (int c = 0; c < callers; c++) {
                f[c] = pool.submit(() -> {
                    start.await();
                    for (int call = 0; call < calls; call++) {
                        int[] hits = new int[256];
                        Parallel.withThreads(2, () -> {
                            Parallel.forRange(256, 8, Long.MAX_VALUE, 0, (from, to) -> {
                                for (int i = from; i < to; i++) hits[i]++;
                            });
                            return null;
                        });
                        for (int h : hits) if (h != 1) throw new AssertionError("an index ran " + h + " times");
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> x : f) x.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWorkersChunkDoesNotSplitAgain() {
        int[] inner = new int[2];
        Parallel.withThreads(2, () -> {
            Parallel.forRange(64, 4, Long.MAX_VALUE, 0, (from, to) -> {
                if (from > 0) inner[1] = Parallel.threads(); // the worker's chunk
                else inner[0] = Parallel.threads();
            });
            return null;
        });
        assertEquals(2, inner[0]);
        assertEquals(1, inner[1]);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
