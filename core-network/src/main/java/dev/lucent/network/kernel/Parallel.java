package dev.lucent.network.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits kernel work into contiguous index ranges over a few threads. Work is only ever split by
 * independent outputs (rows, blocks), never inside a reduction, so results are bit-identical for
 * any thread count. The thread count is per calling thread (see {@link #withThreads}).
 *
 * <p>The other chunks go to persistent kernel workers, one per extra thread, handed over through a field: a
 * worker keeps looking for its next chunk for {@link #SPIN_NANOS} (the next kernel of a train step follows within
 * microseconds), yielding the core meanwhile, and only then parks. Through a cached thread pool and a {@code Future} per call, a parked worker's wake-up cost tens of
 * microseconds on every kernel, more than a batch-64 layer's half of the work, so two threads were slower than
 * one. A worker another caller holds is not waited for: its chunk runs on the caller, which changes no result.
 * A worker idle for {@link #RETIRE_NANOS} ends, so a stopped bundle leaves no thread behind for long.
 */
public final class Parallel {
    private static final int DEFAULT_THREADS = Math.max(1,
            Integer.getInteger("lucent.threads", Math.min(2, Runtime.getRuntime().availableProcessors())));
    private static final ThreadLocal<int[]> THREADS = ThreadLocal.withInitial(() -> new int[]{DEFAULT_THREADS});
    /**
     * How long a worker spins for its next chunk, and a caller for a worker's chunk, before parking: longer than
     * the gap between two kernels of a step (tens of microseconds), far shorter than OpenMP's default spin (about
     * 10 ms with libgomp), so an idle engine gives its cores back almost at once.
     */
    private static final long SPIN_NANOS = Long.getLong("lucent.spinMicros", 100) * 1000;
    private static final long RETIRE_NANOS = 30_000_000_000L;
    private static final List<Worker> WORKERS = new ArrayList<>();

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
        Job[] jobs = new Job[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(n, c * per);
            int to = c == chunks - 1 ? n : Math.min(n, (c + 1) * per);
            if (from < to) jobs[c - 1] = Worker.post(c - 1, body, from, to);
        }
        Throwable failure = null;
        try {
            body.run(0, Math.min(n, per));
            for (int c = 1; c < chunks; c++) {
                if (jobs[c - 1] != null) continue;
                int from = Math.min(n, c * per);
                int to = c == chunks - 1 ? n : Math.min(n, (c + 1) * per);
                if (from < to) body.run(from, to); // its worker was busy with another caller
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        // always wait: a worker still writing into arrays the caller goes on to use would be worse than its error
        for (Job j : jobs) {
            if (j == null) continue;
            j.await();
            if (j.failure != null && failure == null) failure = j.failure;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /**
     * One step of a wait: a yield, not a CPU pause. On a quiet machine it returns at once (nothing else wants the
     * core); on a loaded one it lets the thread being waited for run. Measured under load 16 on 2 cores (empty
     * chunks, `ThreadSplit --handoff`): yields 1.3 us the fastest hand-off, 3 to 5 us the mean; 64 pauses before
     * yielding 5.6 and 20; pauses only 400 us; the previous cached pool and Future 2.2 and 4.5.
     */
    private static void pause() {
        Thread.yield();
    }

    /** One chunk handed to a worker; the caller waits on {@link #done}. */
    private static final class Job {
        final Range body;
        final int from, to;
        final Thread caller = Thread.currentThread();
        volatile boolean done, callerParked;
        Throwable failure;

        Job(Range body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        void finish() {
            done = true;
            if (callerParked) LockSupport.unpark(caller);
        }

        void await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!done) {
                if (System.nanoTime() < spinUntil) {
                    pause();
                    continue;
                }
                callerParked = true;
                if (!done) LockSupport.park(this);
            }
        }
    }

    /** A kernel thread; {@link #claimed} is held by the caller that posted its job, or by the worker retiring. */
    private static final class Worker extends Thread {
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile Job job;
        volatile boolean parked;

        Worker() {
            super("lucent-kernel");
            setDaemon(true);
        }

        /** Hands [from, to) to worker number {@code index}; null when it is busy with another caller's job. */
        static Job post(int index, Range body, int from, int to) {
            Worker w = worker(index);
            if (!w.claimed.compareAndSet(false, true)) return null;
            Job j = new Job(body, from, to);
            w.job = j;
            if (w.parked) LockSupport.unpark(w);
            return j;
        }

        private static Worker worker(int index) {
            synchronized (WORKERS) {
                while (WORKERS.size() <= index) WORKERS.add(null);
                Worker w = WORKERS.get(index);
                if (w == null || !w.isAlive() && w.claimed.get()) { // never started, or retired
                    w = new Worker();
                    w.start();
                    WORKERS.set(index, w);
                }
                return w;
            }
        }

        @Override
        public void run() {
            THREADS.get()[0] = 1; // workers never split again
            for (Job j; (j = next()) != null; ) {
                job = null;
                try {
                    j.body.run(j.from, j.to);
                } catch (Throwable e) {
                    j.failure = e;
                }
                claimed.set(false); // free before done: the caller may post its next kernel at once
                j.finish();
            }
        }

        /** Spins for the next job, then parks; null when idle so long that it retires (holding its claim). */
        private Job next() {
            long now = System.nanoTime(), spinUntil = now + SPIN_NANOS, retireAt = now + RETIRE_NANOS;
            for (;;) {
                Job j = job;
                if (j != null) return j;
                now = System.nanoTime();
                if (now < spinUntil) {
                    pause();
                    continue;
                }
                if (now >= retireAt && claimed.compareAndSet(false, true)) return null;
                parked = true;
                if (job == null) LockSupport.parkNanos(this, retireAt - now);
                parked = false;
            }
        }
    }
}
