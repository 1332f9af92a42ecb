package dev.lucent.bench;

import java.util.Locale;

/**
 * What the fusion pass of imported graphs gains, measured in one process: each round runs Lucent fused, Lucent node by
 * node ({@code lucent.noFusion=true}, read on every run) and ONNX Runtime back to back, the order rotated each round, so
 * a load change on a shared machine hits all three alike. Reports the medians of the per-round ratios fused / ORT,
 * unfused / ORT and fused / unfused with quartiles, and Lucent's input gradient (fused) over its fused forward.
 *
 * <p>Arguments: rounds (default 9), models (comma-separated, default {@link VisionModelPairs}' six), thread counts
 * (default 1,2). Run with {@code --add-modules jdk.incubator.vector -Xmx4g -Dlucent.visionModels=DIR}.
 */
public final class FusionPairs {

    public static void main(String[] args) throws Exception {
        try {
            VisionModelPairs.forEachModel(args, 9,
                    "| model | threads | fused / ORT | unfused / ORT | fused / unfused | ORT median ms | input gradient / forward (fused) |",
                    FusionPairs::measure);
        } finally {
            System.clearProperty("lucent.noFusion");
        }
    }

    private static String measure(VisionModelBenchmark b, int rounds) throws Exception {
        for (int i = 0; i < 3; i++)
            for (int side = 0; side < 3; side++) time(b, side);
        b.lucentInputGradient();
        double[] fused = new double[rounds], plain = new double[rounds], ort = new double[rounds], grad = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] t = new double[3];
            for (int i = 0; i < 3; i++) {
                int side = (r + i) % 3;
                t[side] = time(b, side);
            }
            fused[r] = t[0] / t[2];
            plain[r] = t[1] / t[2];
            ort[r] = t[2];
            long t0 = System.nanoTime();
            b.lucentInputGradient();
            grad[r] = (System.nanoTime() - t0) / 1e6 / t[0];
        }
        double[] gain = new double[rounds];
        for (int r = 0; r < rounds; r++) gain[r] = fused[r] / plain[r];
        return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.1f | %.2f |", b.model, b.threads,
                q(fused), q(plain), q(gain), VisionModelPairs.quantile(ort, 0.5), VisionModelPairs.quantile(grad, 0.5));
    }

    /** 0: Lucent fused, 1: Lucent node by node, 2: ONNX Runtime; milliseconds. */
    private static double time(VisionModelBenchmark b, int side) throws Exception {
        if (side == 1) System.setProperty("lucent.noFusion", "true");
        try {
            long t0 = System.nanoTime();
            if (side == 2) b.onnxRuntime();
            else b.lucent();
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            System.clearProperty("lucent.noFusion");
        }
    }

    private static String q(double[] v) {
        return String.format(Locale.ROOT, "%.2f (%.2f to %.2f)", VisionModelPairs.quantile(v, 0.5), VisionModelPairs.quantile(v, 0.25), VisionModelPairs.quantile(v, 0.75));
    }

}
