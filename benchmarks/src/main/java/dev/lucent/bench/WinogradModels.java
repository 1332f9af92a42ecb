package dev.lucent.bench;

import dev.lucent.network.kernel.Winograd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whole vision models with and without Winograd's F(2x2, 3x3), in the same process and the same rounds (the first
 * side rotating each round): Lucent's forward and input gradient with every convolution on im2col and GEMM
 * ({@link Winograd#without}) against the engine as it dispatches. One thread: the thread's CPU time (a loaded machine's
 * waits are not charged); more: wall time. Prints medians per side and the median of the per-round ratios
 * im2col / Winograd (above 1: faster with Winograd), quartiles in brackets, with the 1-minute load.
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -Dlucent.visionModels=DIR -cp benchmarks/target/benchmarks.jar dev.lucent.bench.WinogradModels ROUNDS MODELS THREADS</pre>
 */
public final class WinogradModels {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        VisionModelPairs.forEachModel(args, 11, "| model | threads | forward im2col ms | forward Winograd ms | im2col / Winograd | gradient im2col ms"
                + " | gradient Winograd ms | im2col / Winograd | load |", (b, rounds) -> {
            Supplier<?>[] sides = {
                    () -> Winograd.without(b::lucent), b::lucent,
                    () -> Winograd.without(b::lucentInputGradient), b::lucentInputGradient};
            boolean cpu = b.threads == 1;
            for (int w = 0; w < 2; w++) for (Supplier<?> s : sides) s.get();
            double[][] ms = new double[4][rounds];
            for (int r = 0; r < rounds; r++)
                for (int k = 0; k < 4; k++) {
                    int side = (k + r) % 4;
                    long t0 = cpu ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
                    sides[side].get();
                    ms[side][r] = ((cpu ? CPU.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e6;
                }
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %.1f | %.1f | %s | %.1f |", b.model, b.threads,
                    PairedRuns.median(ms[0]), PairedRuns.median(ms[1]), quartiles(PairedRuns.ratio(ms, 0, 1)),
                    PairedRuns.median(ms[2]), PairedRuns.median(ms[3]), quartiles(PairedRuns.ratio(ms, 2, 3)),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        });
    }

    private static String quartiles(double[] r) {
        return String.format(Locale.ROOT, "%.2f (%.2f to %.2f)", r[0], r[1], r[2]);
    }
}
