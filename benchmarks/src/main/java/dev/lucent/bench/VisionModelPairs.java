package dev.lucent.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link VisionModelBenchmark}'s two sides timed in pairs: each round runs one Lucent forward and one ONNX Runtime
 * forward back to back (alternating which goes first), so a load change on a shared machine hits both halves of a
 * pair alike; JMH runs the two sides minutes apart. Reports each side's median and the median of the per-round
 * ratios Lucent / ONNX Runtime with its quartiles (below 1: Lucent faster), and the median time of Lucent's input
 * gradient (one backward pass) over its forward, timed back to back in the same rounds.
 *
 * <p>Arguments: rounds (default 15), models (comma-separated, default all of the benchmark's), thread counts
 * (default 1,2). Run with {@code --add-modules jdk.incubator.vector -Xmx4g} and {@code -Dlucent.visionModels=DIR}.
 */
public final class VisionModelPairs {

    public static void main(String[] args) throws Exception {
        forEachModel(args, 15, "| model | threads | Lucent median ms | ORT median ms | median of paired ratios Lucent / ORT (quartiles) | input gradient / forward |",
                VisionModelPairs::measure);
    }

    interface Measure {
        String row(VisionModelBenchmark b, int rounds) throws Exception;
    }

    /** Arguments rounds, models, thread counts as above; one table row per model and thread count. */
    static void forEachModel(String[] args, int defaultRounds, String header, Measure measure) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : defaultRounds;
        String[] models = args.length > 1 ? args[1].split(",")
                : new String[]{"resnet18", "resnet50", "mobilenet_v2", "shufflenet_v2_x1_0", "squeezenet1_1", "densenet121"};
        int[] threads = Arrays.stream((args.length > 2 ? args[2] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        if (rounds < 3) throw new IllegalArgumentException("need at least 3 rounds, got " + rounds);
        System.out.println(header);
        System.out.println("|---".repeat((int) header.chars().filter(ch -> ch == '|').count() - 1) + "|");
        for (String model : models)
            for (int t : threads) {
                VisionModelBenchmark b = new VisionModelBenchmark();
                b.model = model;
                b.threads = t;
                b.setUp();
                try {
                    System.out.println(measure.row(b, rounds));
                } finally {
                    b.tearDown();
                }
            }
    }

    private static String measure(VisionModelBenchmark b, int rounds) throws Exception {
        for (int i = 0; i < 3; i++) {
            b.lucent();
            b.onnxRuntime();
            b.lucentInputGradient();
        }
        double[] lucent = new double[rounds], ort = new double[rounds], ratio = new double[rounds], grad = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                lucent[r] = time(b, true);
                ort[r] = time(b, false);
            } else {
                ort[r] = time(b, false);
                lucent[r] = time(b, true);
            }
            ratio[r] = lucent[r] / ort[r];
            long t0 = System.nanoTime();
            b.lucentInputGradient();
            grad[r] = (System.nanoTime() - t0) / 1e6 / lucent[r];
        }
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f (%.2f to %.2f) | %.2f |", b.model, b.threads,
                quantile(lucent, 0.5), quantile(ort, 0.5), quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75),
                quantile(grad, 0.5));
    }

    private static double time(VisionModelBenchmark b, boolean lucent) throws Exception {
        long t0 = System.nanoTime();
        if (lucent) b.lucent();
        else b.onnxRuntime();
        return (System.nanoTime() - t0) / 1e6;
    }

    static double quantile(double[] v, double q) {
        List<Double> s = new ArrayList<>();
        for (double x : v) s.add(x);
        s.sort(null);
        double pos = q * (s.size() - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }
}
