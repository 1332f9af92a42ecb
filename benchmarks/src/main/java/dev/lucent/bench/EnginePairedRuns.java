package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.lucent.network.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link EngineBenchmark}'s workloads timed in pairs as {@link PairedRuns} times the explainers: each round runs the
 * Lucent side and the PyTorch side back to back, alternating which goes first, so a load change on a shared machine
 * hits both halves of a pair alike. On 1 and then 2 threads (Lucent {@code Parallel.withThreads}, torch
 * {@code setNumThreads}, one inter-op thread), the batch-dependent workloads at batch sizes 1, 64 and 256.
 *
 * <p>Arguments as {@link PairedRuns}: rounds (default 21), the target length of one timed slice in milliseconds
 * (default 60), optionally a piece of the workloads' names to run only those (case-insensitive, e.g. {@code "batch 64"}).
 */
public final class EnginePairedRuns {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        double sliceMillis = args.length > 1 ? Double.parseDouble(args[1]) : 60;
        String only = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "";
        if (rounds < 3) throw new IllegalArgumentException("need at least 3 rounds, got " + rounds);
        Workloads data = new Workloads(42);
        LucentSide lucent = new LucentSide(data);
        try (PyTorchPeer torch = new PyTorchPeer(data)) {
            JniUtils.setNumInteropThreads(1); // before any parallel work, as the JMH set-up does
            List<String> lines = new ArrayList<>();
            for (int threads : new int[]{1, 2}) {
                JniUtils.setNumThreads(threads);
                String t = threads == 1 ? ", 1 thread" : ", " + threads + " threads";
                List<PairedRuns.Pair> pairs = new ArrayList<>();
                for (int n : new int[]{1, 64, 256}) {
                    LucentSide.Batch lb = lucent.batch(n);
                    PyTorchPeer.Batch tb = torch.batch(n);
                    pairs.add(new PairedRuns.Pair("MLP train step, batch " + n + t,
                            on(threads, () -> lucent.mlpTrainStep(lb)), () -> torch.mlpTrainStep(tb)));
                    pairs.add(new PairedRuns.Pair("small CNN train step, batch " + n + t,
                            on(threads, () -> lucent.cnnTrainStep(lb)), () -> torch.cnnTrainStep(tb)));
                    pairs.add(new PairedRuns.Pair("inference, batch " + n + t,
                            on(threads, () -> lucent.inference(lb)), () -> torch.inference(tb)));
                    pairs.add(new PairedRuns.Pair("input gradients, batch " + n + t,
                            on(threads, () -> lucent.inputGradients(lb)), () -> torch.inputGradients(tb)));
                }
                pairs.add(new PairedRuns.Pair("integrated gradients, 50 steps, 1 image" + t,
                        on(threads, lucent::integratedGradients50), torch::integratedGradients50));
                pairs.add(new PairedRuns.Pair("matmul 64x784 by 784x256" + t, on(threads, lucent::matmul), torch::matmul));
                for (PairedRuns.Pair p : pairs)
                    if (p.name().toLowerCase(Locale.ROOT).contains(only)) {
                        String line = PairedRuns.measure(p, rounds, sliceMillis);
                        System.err.println(line); // progress: the whole run takes minutes
                        lines.add(line);
                    }
            }
            if (lines.isEmpty()) throw new IllegalArgumentException("no workload's name contains '" + only + "'");
            System.out.println("| workload | Lucent median | PyTorch median | median of paired ratios PyTorch / Lucent (quartiles) |");
            System.out.println("|---|---|---|---|");
            lines.forEach(System.out::println);
        }
    }

    private static Supplier<Object> on(int threads, Supplier<Object> work) {
        return () -> Parallel.withThreads(threads, work);
    }

    private EnginePairedRuns() {
    }
}
