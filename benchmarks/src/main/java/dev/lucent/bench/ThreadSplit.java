package dev.lucent.bench;

import dev.lucent.network.api.OpCounters;
import dev.lucent.network.kernel.Parallel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lucent alone on 1 and 2 threads, the engine matrix's workloads, no peer in the process or beside it: whether the
 * split across threads pays, free of a peer's spinning OpenMP workers. Rounds alternate the thread counts (the
 * first rotating), medians of per-round ratios. With {@code --ops} it also prints, per thread count, the time each
 * op took over a fixed number of calls ({@code OpCounters}), to see which kernels lose on two threads; and with
 * {@code --handoff} the cost of one {@code Parallel.forRange} hand-off with an empty body.
 * With {@code --fastest N}, instead of slices, the fastest of N single calls on each thread count.
 * Arguments: [--rounds N] [--slice MS] [--only TEXT] [--ops] [--handoff] [--fastest N].
 */
public final class ThreadSplit {

    public static void main(String[] args) {
        int rounds = 15;
        double slice = 40;
        String only = "";
        boolean ops = false, handoff = false;
        int fastest = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--slice" -> slice = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i].toLowerCase(Locale.ROOT);
                case "--ops" -> ops = true;
                case "--handoff" -> handoff = true;
                case "--fastest" -> fastest = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rounds N, --slice MS, --only TEXT, --ops, --handoff");
            }
        }
        if (handoff) handoff();
        LucentSide lucent = new LucentSide(new Workloads(42));
        Map<String, Supplier<Object>> work = new LinkedHashMap<>();
        for (int n : new int[]{1, 64, 256}) {
            LucentSide.Batch b = lucent.batch(n);
            work.put("MLP train step, batch " + n, () -> lucent.mlpTrainStep(b));
            work.put("small CNN train step, batch " + n, () -> lucent.cnnTrainStep(b));
            work.put("inference, batch " + n, () -> lucent.inference(b));
            work.put("input gradients, batch " + n, () -> lucent.inputGradients(b));
        }
        work.put("integrated gradients, 50 steps, 1 image", lucent::integratedGradients50);
        work.put("matmul 64x784 by 784x256", lucent::matmul);
        if (fastest > 0) {
            fastest(work, only, fastest);
            return;
        }
        System.out.println("| workload | 1 thread | 2 threads | 1 thread / 2 threads (quartiles) | load |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, Supplier<Object>> w : work.entrySet()) {
            if (!w.getKey().toLowerCase(Locale.ROOT).contains(only)) continue;
            Supplier<Object> body = w.getValue();
            List<PairedRuns.Side> sides = List.of(
                    reps -> PairedRuns.slice(() -> Parallel.withThreads(1, body), reps),
                    reps -> PairedRuns.slice(() -> Parallel.withThreads(2, body), reps));
            double[][] t = PairedRuns.rounds(sides, rounds, slice, 5, 1);
            double[] r = PairedRuns.ratio(t, 0, 1);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2fx (%.2f to %.2f) | %.1f |%n", w.getKey(),
                    PairedRuns.time(PairedRuns.median(t[0])), PairedRuns.time(PairedRuns.median(t[1])), r[0], r[1], r[2],
                    EnginePairedRuns.load());
            if (ops) for (int threads : new int[]{1, 2}) opTimes(body, threads);
        }
    }

    /**
     * The fastest of {@code calls} single calls on 1 and on 2 threads, alternating: on a loaded machine the fastest
     * call is the one nothing interrupted, the nearest a shared machine gives to a quiet one's time.
     */
    private static void fastest(Map<String, Supplier<Object>> work, String only, int calls) {
        System.out.println("| workload | fastest, 1 thread | fastest, 2 threads | 1 thread / 2 threads | load |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, Supplier<Object>> w : work.entrySet()) {
            if (!w.getKey().toLowerCase(Locale.ROOT).contains(only)) continue;
            Supplier<Object> body = w.getValue();
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int i = 0; i < calls; i++)
                for (int s = 0; s < 2; s++) {
                    int threads = 1 + ((i + s) & 1);
                    long t0 = System.nanoTime();
                    Parallel.withThreads(threads, body);
                    best[threads - 1] = Math.min(best[threads - 1], System.nanoTime() - t0);
                }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2fx | %.1f |%n", w.getKey(), PairedRuns.time(best[0] / 1e6),
                    PairedRuns.time(best[1] / 1e6), (double) best[0] / best[1], EnginePairedRuns.load());
        }
    }

    /** Each op's share of 200 calls on {@code threads} threads, largest first. */
    private static void opTimes(Supplier<Object> body, int threads) {
        List<OpCounters.OpStat> stats;
        try (OpCounters c = OpCounters.start()) {
            Parallel.withThreads(threads, () -> {
                for (int i = 0; i < 200; i++) body.get();
                return null;
            });
            stats = new ArrayList<>(c.snapshot());
        }
        stats.sort(Comparator.comparingLong(OpCounters.OpStat::nanos).reversed());
        StringBuilder s = new StringBuilder("    " + threads + " thread(s), us a call:");
        for (OpCounters.OpStat o : stats.subList(0, Math.min(12, stats.size())))
            s.append(String.format(Locale.ROOT, " %s %.1f (%d);", o.op(), o.nanos() / 1e3 / 200, o.calls() / 200));
        System.out.println(s);
    }

    /**
     * The cost of splitting an empty body across 2 threads, against running it on the caller: the mean over 20,000
     * calls in a row, and the fastest call (the one no other process interrupted: a quiet machine's figure).
     */
    private static void handoff() {
        int[] sink = new int[2];
        Parallel.Range body = (a, b) -> sink[0] += b - a;
        for (int round = 0; round < 5; round++) {
            int reps = 20000;
            long[] fastest = {Long.MAX_VALUE, Long.MAX_VALUE};
            long[] total = new long[2];
            for (int threads = 2; threads >= 1; threads--) {
                int t = threads;
                Parallel.withThreads(t, () -> {
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        Parallel.forRange(64, 4, 1L << 30, 1, body);
                        long d = System.nanoTime() - t0;
                        fastest[t - 1] = Math.min(fastest[t - 1], d);
                        total[t - 1] += d;
                    }
                    return null;
                });
            }
            System.out.printf(Locale.ROOT, "hand-off: 2 threads %.2f us a call (fastest %.2f), 1 thread %.3f us (fastest %.3f)%n",
                    total[1] / 1e3 / reps, fastest[1] / 1e3, total[0] / 1e3 / reps, fastest[0] / 1e3);
        }
    }

    private ThreadSplit() {
    }
}
