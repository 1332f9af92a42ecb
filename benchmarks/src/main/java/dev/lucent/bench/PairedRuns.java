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
        // warm-up on both sides, which also sizes the slice
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < 5 || System.nanoTime() - t0 < 4_000_000_000L) {
            p.lucent().get();
            p.pytorch().get();
            warm++;
        }
        double perPair = (System.nanoTime() - t0) / 1e6 / warm;
        int reps = (int) Math.max(1, Math.round(2 * sliceMillis / perPair));
        double[] lucent = new double[rounds], pytorch = new double[rounds], ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean lucentFirst = r % 2 == 0;
            double a = slice(lucentFirst ? p.lucent() : p.pytorch(), reps);
            double b = slice(lucentFirst ? p.pytorch() : p.lucent(), reps);
            lucent[r] = lucentFirst ? a : b;
            pytorch[r] = lucentFirst ? b : a;
            ratio[r] = pytorch[r] / lucent[r];
        }
        Arrays.sort(lucent);
        Arrays.sort(pytorch);
        Arrays.sort(ratio);
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2fx (%.2f to %.2f) |", p.name(), time(quantile(lucent, 0.5)),
                time(quantile(pytorch, 0.5)), quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
    }

    /** Milliseconds per call over {@code reps} calls. */
    private static double slice(Supplier<Object> work, int reps) {
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

    private static String time(double millis) {
        return millis >= 1 ? String.format(Locale.ROOT, "%.2f ms", millis) : String.format(Locale.ROOT, "%.1f us", millis * 1000);
    }
}
