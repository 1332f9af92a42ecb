package dev.lucent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link VisionModelBenchmark}'s sides timed in rounds ({@link PairedRuns#rounds}: one call of each side back to back
 * a round, the first side rotating), so a load change on a shared machine hits every side alike: Lucent's forward,
 * ONNX Runtime's forward, PyTorch's forward (Debian's python3-torch in a subprocess,
 * {@code benchmarks/torch_vision_peer.py}: the same torchvision model rebuilt from the same seed, the same input
 * image, its logits checked against the float64 reference first), Lucent's input gradient and PyTorch's
 * forward+backward input gradient. Reports each side's median and the medians of the per-round ratios (quartiles):
 * Lucent / ORT and Lucent / PyTorch forward (below 1: Lucent faster), Lucent's gradient / PyTorch's, and each
 * engine's gradient over its own forward (issue 12's target: at most 2.5 for Lucent), with the 1-minute load.
 *
 * <p>Arguments: rounds (default 15), models (comma-separated, default all of the benchmark's), thread counts
 * (default 1,2), then {@code --no-python} to leave PyTorch out. Run from the repository's root folder with
 * {@code --add-modules jdk.incubator.vector -Xmx4g} and {@code -Dlucent.visionModels=DIR} (the folder
 * {@code scripts/vision-models.py --opsets 13} wrote).
 */
public final class VisionModelPairs {

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean python = !a.remove("--no-python");
        String dir = System.getProperty("lucent.visionModels", "benchmarks/target/vision-models");
        forEachModel(a.toArray(String[]::new), 15, "| model | threads | Lucent fwd ms | ORT fwd ms | PyTorch fwd ms | Lucent / ORT | Lucent / PyTorch fwd"
                + " | Lucent grad ms | PyTorch grad ms | Lucent / PyTorch grad | grad / fwd Lucent | grad / fwd PyTorch | load |",
                (b, rounds) -> {
                    try (PythonPeer torch = python ? new PythonPeer(Path.of(dir, "torch-peer-" + b.model + "-" + b.threads + ".log"),
                            "benchmarks/torch_vision_peer.py", dir, b.model, "--threads", Integer.toString(b.threads)) : null) {
                        List<PairedRuns.Side> sides = new ArrayList<>(List.of(
                                reps -> PairedRuns.slice(b::lucent, reps),
                                reps -> PairedRuns.slice(() -> call(b), reps),
                                reps -> PairedRuns.slice(b::lucentInputGradient, reps)));
                        if (torch != null) {
                            sides.add(reps -> torch.millisPerCall("forward", reps));
                            sides.add(reps -> torch.millisPerCall("gradient", reps));
                        }
                        double[][] ms = PairedRuns.rounds(sides, rounds, 0, 2, 0); // one call a side a round, after 2 warm-up rounds
                        return row(b.model, b.threads, ms);
                    }
                });
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

    private static float[] call(VisionModelBenchmark b) {
        try {
            return b.onnxRuntime();
        } catch (Exception e) {
            throw new IllegalStateException("ONNX Runtime failed on " + b.model + ": " + e.getMessage(), e);
        }
    }

    /** Sides: 0 Lucent forward, 1 ORT forward, 2 Lucent gradient, 3 PyTorch forward, 4 PyTorch gradient (if run). */
    private static String row(String model, int threads, double[][] ms) {
        boolean torch = ms.length > 3;
        double load = EnginePairedRuns.load();
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %s | %s | %.1f | %s | %s | %s | %s | %s |", model, threads,
                PairedRuns.median(ms[0]), PairedRuns.median(ms[1]), torch ? String.format(Locale.ROOT, "%.1f", PairedRuns.median(ms[3])) : "not run",
                ratio(ms, 0, 1), torch ? ratio(ms, 0, 3) : "", PairedRuns.median(ms[2]),
                torch ? String.format(Locale.ROOT, "%.1f", PairedRuns.median(ms[4])) : "not run", torch ? ratio(ms, 2, 4) : "",
                ratio(ms, 2, 0), torch ? ratio(ms, 4, 3) : "",
                String.format(Locale.ROOT, load > BenchReport.LOADED ? "%.1f, loaded" : "%.1f", load));
    }

    private static String ratio(double[][] ms, int num, int den) {
        double[] q = PairedRuns.ratio(ms, num, den);
        return String.format(Locale.ROOT, "%.2f (%.2f to %.2f)", q[0], q[1], q[2]);
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
