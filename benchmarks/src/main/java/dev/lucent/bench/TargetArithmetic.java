package dev.lucent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 13's two targets set against each other: for each row of the engine matrix ({@code matrix.tsv} from
 * {@link EnginePairedRuns}), the workload's floating-point work (the multiply-adds of its matrix products and
 * convolutions, counted from the layer shapes; element-wise work left out), PyTorch's GFLOP/s on each peer, the
 * GFLOP/s Lucent would need to be twice as fast as the faster peer, and that figure against the measured FMA peak
 * (one core's, times the thread count). Where 2x needs more than the peak it cannot be met by any kernel; where it
 * needs more than 85% of the peak it asks more than the issue's own matmul target.
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.lucent.bench.TargetArithmetic matrix.tsv PEAK_GFLOPS</pre>
 */
public final class TargetArithmetic {
    /** Multiply-adds of the MLP's three products for one row: 784x256, 256x128, 128x10. */
    static final long MLP_FORWARD = 784L * 256 + 256L * 128 + 128L * 10;
    /** The input gradients of the two upper layers (a train step needs no gradient of the input itself). */
    static final long MLP_UPPER_INPUT_GRADIENTS = 256L * 128 + 128L * 10;
    /** The small CNN, one image: 3x3 convolutions 1->16 on 28x28 (26x26 out), 16->32 on 13x13 (11x11 out), 800->10. */
    static final long CNN_CONV1 = 26L * 26 * 16 * 9, CNN_CONV2 = 11L * 11 * 32 * 16 * 9, CNN_FC = 800L * 10;

    private TargetArithmetic() {
    }

    /** Floating-point operations (2 per multiply-add) of one call of the named workload, or NaN if unknown. */
    static double flops(String workload) {
        int batch = batchOf(workload);
        long macs;
        if (workload.startsWith("matmul 64x784 by 784x256")) macs = 64L * 784 * 256;
        else if (workload.startsWith("MLP train step")) macs = batch * (2 * MLP_FORWARD + MLP_UPPER_INPUT_GRADIENTS); // forward, weight gradients, input gradients of layers 2 and 3
        else if (workload.startsWith("inference")) macs = batch * MLP_FORWARD;
        else if (workload.startsWith("input gradients")) macs = batch * 2 * MLP_FORWARD;
        else if (workload.startsWith("integrated gradients, 50 steps")) macs = 50 * 2 * MLP_FORWARD;
        else if (workload.startsWith("small CNN train step")) // forward, weight gradients of all three, input gradients of conv2 and fc
            macs = batch * (2 * (CNN_CONV1 + CNN_CONV2 + CNN_FC) + CNN_CONV2 + CNN_FC);
        else return Double.NaN;
        return 2.0 * macs;
    }

    private static int batchOf(String workload) {
        int at = workload.indexOf("batch ");
        if (at < 0) return 1;
        return Integer.parseInt(workload.substring(at + 6).replaceAll("[^0-9].*", ""));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) throw new IllegalArgumentException("usage: TargetArithmetic matrix.tsv PEAK_GFLOPS (one core's FMA peak, FmaPeak's max)");
        double peak = Double.parseDouble(args[1]);
        if (!(peak > 0)) throw new IllegalArgumentException("the FMA peak must be a positive GFLOP/s figure, got " + args[1]);
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<BenchReport.Row> rows = new ArrayList<>();
        for (String l : lines) if (!l.isBlank() && !l.startsWith("#")) rows.add(BenchReport.Row.parse(l));
        System.out.print(table(rows, peak));
    }

    static String table(List<BenchReport.Row> rows, double peak) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "| threads | workload | MFLOP a call | PyTorch in Python | PyTorch via DJL | Lucent | 2x the faster peer needs | of the peak (%.0f GFLOP/s a core) | 2x and 85%% of peak |%n"
                        + "|---|---|---|---|---|---|---|---|---|%n", peak));
        for (BenchReport.Row r : rows) {
            double f = flops(r.workload());
            if (Double.isNaN(f)) continue;
            double py = gflops(f, r.pythonMs()), djl = gflops(f, r.djlMs()), lucent = gflops(f, r.lucentMs());
            double fastest = Math.max(nanToZero(py), nanToZero(djl));
            double need = 2 * fastest, share = need / (peak * r.threads());
            String verdict = share > 1 ? "2x is above the peak: cannot both hold"
                    : share > 0.85 ? "2x needs more than 85% of the peak" : "2x is below 85% of the peak";
            s.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %s | %s | %s | %.1f GFLOP/s | %.0f%% | %s |%n", r.threads(), r.workload(),
                    f / 1e6, rate(py), rate(djl), rate(lucent), need, 100 * share, verdict));
        }
        return s.toString();
    }

    private static double gflops(double flops, double ms) {
        return Double.isNaN(ms) ? Double.NaN : flops / (ms * 1e6);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String rate(double g) {
        return Double.isNaN(g) ? "not run" : String.format(Locale.ROOT, "%.1f GFLOP/s", g);
    }
}
