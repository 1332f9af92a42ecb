package dev.lucent.bench;

import dev.lucent.network.api.OpCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where a vision model's time goes, per op kind: after warm-up, {@code runs} forward passes and as many input gradients
 * under {@link OpCounters}, each op's share of the counted time (wall time per call, so one thread is the reading that
 * adds up). The first thing to look at before touching a kernel (issue 12).
 *
 * <p>Arguments: runs (default 5), models (comma-separated), thread count (default 1). Same flags as
 * {@link VisionModelPairs}.
 */
public final class VisionOpProfile {
    private static final int WARMUP = Integer.getInteger("lucent.profileWarmup", 10);

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] models = (args.length > 1 ? args[1] : "resnet18,resnet50,mobilenet_v2,shufflenet_v2_x1_0,squeezenet1_1,densenet121").split(",");
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        for (String model : models) {
            VisionModelBenchmark b = new VisionModelBenchmark();
            b.model = model;
            b.threads = threads;
            b.setUp();
            try {
                for (int i = 0; i < WARMUP; i++) {
                    b.lucent();
                    b.lucentInputGradient();
                }
                print(model, "forward", runs, () -> b.lucent());
                print(model, "input gradient", runs, () -> b.lucentInputGradient());
            } finally {
                b.tearDown();
            }
        }
    }

    private static void print(String model, String what, int runs, Runnable call) {
        List<OpCounters.OpStat> stats;
        long t0 = System.nanoTime();
        try (OpCounters c = OpCounters.start()) {
            for (int i = 0; i < runs; i++) call.run();
            stats = new ArrayList<>(c.snapshot());
        }
        double wall = (System.nanoTime() - t0) / 1e6 / runs;
        double total = stats.stream().mapToLong(OpCounters.OpStat::nanos).sum() / 1e6 / runs;
        stats.sort(Comparator.comparingLong(OpCounters.OpStat::nanos).reversed());
        System.out.printf(Locale.ROOT, "%s %s: %.1f ms a call, %.1f ms counted, load %.1f%n", model, what, wall, total, EnginePairedRuns.load());
        for (OpCounters.OpStat s : stats) {
            double ms = s.nanos() / 1e6 / runs;
            if (ms < 0.01 * total) continue;
            System.out.printf(Locale.ROOT, "  %-28s %5d calls %8.1f ms %5.1f%%  %6.1f GFLOP/s%n", s.op(), s.calls() / runs, ms, 100 * ms / total,
                    s.flops() == 0 ? 0.0 : s.flops() / (s.nanos() * 1.0));
        }
    }
}
