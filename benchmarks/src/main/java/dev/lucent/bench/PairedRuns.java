package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.lucent.network.kernel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Issue 5's explainer workloads timed in pairs: each round runs the Lucent side and the PyTorch side back to back
 * (in alternating order), so a load change on a shared machine hits both halves of a pair alike. Reports each
 * side's median slice and the median of the per-round ratios PyTorch / Lucent with its quartiles. A complement to
 * the JMH run ({@link ExplainerBenchmark}), whose two sides run minutes apart.
 *
 * <p>Arguments: rounds (default 21), then the target length of one timed slice in milliseconds (default 60; a
 * slice repeats a short workload, the same number of times on both sides), then optionally a piece of the
 * workloads' names to run only those (case-insensitive, e.g. {@code CNN}).
 */
public final class PairedRuns {

    record Pair(String name, Supplier<Object> lucent, Supplier<Object> pytorch) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        double sliceMillis = args.length > 1 ? Double.parseDouble(args[1]) : 60;
        String only = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "";
        if (rounds < 3) throw new IllegalArgumentException("need at least 3 rounds, got " + rounds);
        try (ExplainerWorkloads w = new ExplainerWorkloads(new Workloads(42), BreastCancer.load())) {
            JniUtils.setNumThreads(1); // after the workloads have loaded the engine, as the JMH set-up does
            JniUtils.setNumInteropThreads(1);
            List<Pair> pairs = List.of(
                    new Pair("saliency, 64 images, MLP", one(() -> w.saliencyMlp64(w.lucentMlp)), () -> w.saliencyMlp64(w.torchMlp)),
                    new Pair("saliency, 64 images, CNN", one(() -> w.saliencyCnn64(w.lucentCnn)), () -> w.saliencyCnn64(w.torchCnn)),
                    new Pair("IG, 50 Gauss-Legendre steps, 1 image", one(() -> w.igMlp1(w.lucentMlp)), () -> w.igMlp1(w.torchMlp)),
                    new Pair("IG, 50 Gauss-Legendre steps, 64 images", one(() -> w.igMlp64(w.lucentMlp)), () -> w.igMlp64(w.torchMlp)),
                    new Pair("KernelSHAP, breast cancer (30 features), 100 rows", one(() -> w.kernelShap100(w.lucentTabular)),
                            () -> w.kernelShap100(w.torchTabular)));
            List<String> lines = new ArrayList<>();
            for (Pair p : pairs) if (p.name().toLowerCase(Locale.ROOT).contains(only)) lines.add(measure(p, rounds, sliceMillis));
            if (lines.isEmpty()) throw new IllegalArgumentException("no workload's name contains '" + only + "'");
            System.out.println("| workload | Lucent median | PyTorch median | median of paired ratios PyTorch / Lucent (quartiles) |");
            System.out.println("|---|---|---|---|");
            lines.forEach(System.out::println);
        }
    }

    /** Lucent on one thread, as the JMH benchmark runs it. */
    private static Supplier<Object> one(Supplier<Object> work) {
        return () -> Parallel.withThreads(1, work);
    }

    /** One table row: each side's median slice and the median of the paired ratios with its quartiles. */
    static String measure(Pair p, int rounds, double sliceMillis) {
        double[][] t = rounds(List.of(reps -> slice(p.lucent(), reps), reps -> slice(p.pytorch(), reps)), rounds, sliceMillis, 5, 4);
        double[] ratio = ratio(t, 1, 0);
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2fx (%.2f to %.2f) |", p.name(), time(median(t[0])),
                time(median(t[1])), ratio[0], ratio[1], ratio[2]);
    }

    /** One side of a paired run: runs its workload {@code reps} times and returns the milliseconds a call took. */
    interface Side {
        double millisPerCall(int reps);
    }

    /**
     * Times the sides round by round, each round running every side once back to back, the first side of a round
     * rotating (with two sides: alternating), so a load change hits every side of a round alike. A warm-up of at
     * least {@code warmRounds} rounds and {@code warmSeconds} comes first and sizes the slice: every side repeats its workload the
     * same number of times, so that a round takes about {@code sides * sliceMillis} (at least once each; 0 for
     * single calls). Returns the milliseconds a call, {@code [side][round]}.
     */
    static double[][] rounds(List<Side> sides, int rounds, double sliceMillis, int warmRounds, double warmSeconds) {
        return rounds(sides, rounds, sliceMillis, warmRounds, warmSeconds, 0);
    }

    /**
     * As above, sleeping {@code pauseMillis} after each timed slice (untimed), so that the next side starts on idle
     * cores: a multi-threaded peer's workers keep spinning after its work is done, OpenBLAS's for about 2^28 cycles.
     */
    static double[][] rounds(List<Side> sides, int rounds, double sliceMillis, int warmRounds, double warmSeconds, long pauseMillis) {
        int k = sides.size();
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < warmRounds || System.nanoTime() - t0 < warmSeconds * 1e9) {
            for (Side s : sides) s.millisPerCall(1);
            warm++;
        }
        double perRound = (System.nanoTime() - t0) / 1e6 / warm;
        int reps = (int) Math.max(1, Math.round(k * sliceMillis / perRound));
        double[][] t = new double[k][rounds];
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < k; i++) {
                int side = (r + i) % k;
                t[side][r] = sides.get(side).millisPerCall(reps);
                if (pauseMillis > 0) sleep(pauseMillis);
            }
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between slices", e);
        }
    }

    /** The median and quartiles of the per-round ratios {@code t[num] / t[den]}. */
    static double[] ratio(double[][] t, int num, int den) {
        double[] r = new double[t[num].length];
        for (int i = 0; i < r.length; i++) r[i] = t[num][i] / t[den][i];
        Arrays.sort(r);
        return new double[]{quantile(r, 0.5), quantile(r, 0.25), quantile(r, 0.75)};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return quantile(s, 0.5);
    }

    /** Milliseconds per call over {@code reps} calls. */
    static double slice(Supplier<Object> work, int reps) {
        long t = System.nanoTime();
        Object sink = null;
        for (int i = 0; i < reps; i++) sink = work.get();
        if (sink == null) throw new IllegalStateException("a workload returned nothing");
        return (System.nanoTime() - t) / 1e6 / reps;
    }

    /** Linear interpolation between order statistics of a sorted array. */
    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static String time(double millis) {
        return millis >= 1 ? String.format(Locale.ROOT, "%.2f ms", millis) : String.format(Locale.ROOT, "%.1f us", millis * 1000);
    }
}
