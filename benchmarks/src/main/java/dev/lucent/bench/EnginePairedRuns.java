package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.lucent.network.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Issue 13's matrix in one run: every workload of {@link EngineBenchmark} (MLP and small-CNN train steps, inference
 * and input gradients at batch sizes 1, 64 and 256; integrated gradients with 50 steps; the 64x784x256 matmul) on 1
 * and 2 threads, timed in rounds as {@link PairedRuns} times the explainers: each round runs Lucent, PyTorch through
 * DJL ({@link PyTorchPeer}) and PyTorch in Python ({@code benchmarks/torch_peer.py --serve}, Debian's python3-torch,
 * the same weights and data, refusing to time if its losses differ from Lucent's) back to back, the first side
 * rotating, so a load change on a shared machine hits the three alike; on rows of more than one thread every slice is
 * followed by an untimed pause ({@link #IDLE_PAUSE_MILLIS}) so that no side's spinning idle threads take a core from
 * the next. Reported: each side's median and the medians
 * of the per-round ratios peer / Lucent with their quartiles, and the machine's 1-minute load after each row.
 *
 * <p>Threads, the same count on every side: Lucent {@code Parallel.withThreads}; DJL's torch
 * {@code JniUtils.setNumThreads} (intra-op) with one inter-op thread; Python {@code torch.set_num_threads} and
 * OpenBLAS's own count (the script sets both).
 *
 * <p>Writes {@code matrix.tsv} (the figures), {@code matrix.md} (the table, also printed) and {@code matrix.svg}
 * (the ratios as bars) into the output folder, through {@link BenchReport}. Options: {@code --out DIR} (default
 * {@code benchmarks/target/engine-run}), {@code --quick} (7 rounds of 30 ms slices after 1 s of warm-up instead of
 * 21 of 60 ms after 3 s), {@code --threads 1,2}, {@code --only TEXT} (workloads whose name contains it),
 * {@code --no-python}. Run from the repository's root folder.
 */
public final class EnginePairedRuns {

    /**
     * The untimed pause after every slice on rows with more than one thread, so that each side starts on idle cores.
     * After a 2-thread slice the peers' worker threads go on spinning: the Python peer's OpenBLAS thread for 29 to 37
     * ms of CPU time over about 130 ms on the loaded machine (OpenBLAS waits 2^28 cycles, about 80 ms at 3.4 GHz,
     * before sleeping), DJL's OpenMP worker for up to 2 ms (read from /proc/PID/task/TID/schedstat, 2026-12-07).
     * Without the pause the next side's second thread shared its core with that spinning: the quiet matrix of session
     * 8 had Lucent slower on 2 threads than on 1. Neither peer's timed work changes (no OMP_WAIT_POLICY, no
     * OpenBLAS timeout set): the pause only keeps one side's idle threads out of the next side's slice.
     */
    static final long IDLE_PAUSE_MILLIS = 150;

    public static void main(String[] args) throws IOException {
        Path out = Path.of("benchmarks/target/engine-run");
        int rounds = 21;
        double sliceMillis = 60, warmSeconds = 3;
        int[] threadCounts = {1, 2};
        String only = "";
        boolean python = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--quick" -> { rounds = 7; sliceMillis = 30; warmSeconds = 1; }
                case "--threads" -> threadCounts = Arrays.stream(value(args, ++i).split(",")).mapToInt(Integer::parseInt).toArray();
                case "--only" -> only = value(args, ++i).toLowerCase(Locale.ROOT);
                case "--no-python" -> python = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --out DIR, --quick, --threads 1,2, --only TEXT, --no-python");
            }
        }
        Files.createDirectories(out);
        Path workloadsDir = out.resolve("workloads");
        if (python) WorkloadsExport.write(workloadsDir);

        Workloads data = new Workloads(42);
        LucentSide lucent = new LucentSide(data);
        List<BenchReport.Row> rows = new ArrayList<>();
        try (PyTorchPeer torch = new PyTorchPeer(data)) {
            JniUtils.setNumInteropThreads(1); // before any parallel work, as the JMH set-up does
            for (int threads : threadCounts) {
                JniUtils.setNumThreads(threads);
                List<Workload> work = new ArrayList<>();
                for (int n : new int[]{1, 64, 256}) {
                    LucentSide.Batch lb = lucent.batch(n);
                    PyTorchPeer.Batch tb = torch.batch(n);
                    work.add(new Workload("MLP train step, batch " + n, () -> lucent.mlpTrainStep(lb), () -> torch.mlpTrainStep(tb)));
                    work.add(new Workload("small CNN train step, batch " + n, () -> lucent.cnnTrainStep(lb), () -> torch.cnnTrainStep(tb)));
                    work.add(new Workload("inference, batch " + n, () -> lucent.inference(lb), () -> torch.inference(tb)));
                    work.add(new Workload("input gradients, batch " + n, () -> lucent.inputGradients(lb), () -> torch.inputGradients(tb)));
                }
                work.add(new Workload("integrated gradients, 50 steps, 1 image", lucent::integratedGradients50, torch::integratedGradients50));
                work.add(new Workload("matmul 64x784 by 784x256", lucent::matmul, torch::matmul));
                String o = only;
                work.removeIf(w -> !w.name().toLowerCase(Locale.ROOT).contains(o));
                if (work.isEmpty()) throw new IllegalArgumentException("no workload's name contains '" + only + "'");
                try (PythonPeer py = python ? new PythonPeer(out.resolve("python-" + threads + ".log"), "benchmarks/torch_peer.py",
                        workloadsDir.toString(), "--threads", Integer.toString(threads)) : null) {
                    for (Workload w : work) {
                        List<PairedRuns.Side> sides = new ArrayList<>(List.of(
                                reps -> PairedRuns.slice(() -> Parallel.withThreads(threads, w.lucent()), reps),
                                reps -> PairedRuns.slice(w.djl(), reps)));
                        if (py != null) sides.add(reps -> py.millisPerCall(w.name(), reps));
                        double[][] t = PairedRuns.rounds(sides, rounds, sliceMillis, 5, warmSeconds, threads > 1 ? IDLE_PAUSE_MILLIS : 0);
                        BenchReport.Row row = new BenchReport.Row(threads, w.name(), PairedRuns.median(t[0]), PairedRuns.median(t[1]),
                                py == null ? Double.NaN : PairedRuns.median(t[2]), PairedRuns.ratio(t, 1, 0),
                                py == null ? new double[]{Double.NaN, Double.NaN, Double.NaN} : PairedRuns.ratio(t, 2, 0), load());
                        System.err.println(BenchReport.markdownRow(row)); // progress: the whole run takes minutes
                        rows.add(row);
                    }
                }
            }
        }
        // the finishing time goes into the figures' header, so that BenchReport re-drawing them later keeps it
        BenchReport.writeMatrix(rows, out, String.format(Locale.ROOT, "%d rounds of %.0f ms slices after %.0f s of warm-up, finished %s",
                rounds, sliceMillis, warmSeconds, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
        System.out.print(Files.readString(out.resolve("matrix.md")));
    }

    /** One workload on the two Java sides; the Python peer knows it by its name. */
    private record Workload(String name, Supplier<Object> lucent, Supplier<Object> djl) {
    }

    /** The 1-minute load average, as {@code uptime} shows it. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }

    private EnginePairedRuns() {
    }
}
