package dev.lucent.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: rows per second per core of the Spark runner for predictions, integrated gradients and KernelSHAP, on
 * local[1] and local[2] one right after the other for each measurement (so both see about the same machine), and the
 * driver's heap after each run as the rows grow (docs/scale-out.md gives the command and the figures).
 *
 * <p>A run is a whole audit (counting the rows per partition, drawing the sample, the pass over every row; the report
 * sealed and written), so the rates include Spark's own costs. Each run gives its wall time and, from Spark's task
 * metrics, the CPU time its tasks spent (per job: the count, the sample, the pass): on a machine shared with other
 * builds the wall time measures the queue for the cores, the task CPU time the work, so rows per task-CPU-second is
 * the per-core rate a quiet core would give (the engine runs on the task's own thread, see {@link PartitionWork}).
 *
 * <p>Predictions: the test explainer's counts over every row of each size; rows per task-CPU-second over all the
 * audit's jobs. Integrated gradients and KernelSHAP explain every row of a file of their own size (every row of 10^6
 * would take hours on two cores), whose rows are the first rows of the larger files (the generator writes row i the
 * same in any file); their rows per task-CPU-second are over the pass that explains them (which also reads and
 * predicts those rows, a small part of it). Each session starts with an uncounted warm-up audit of 10,000 rows with the
 * same explainers (per-row methods on its first 100 rows), so that the JIT has compiled what is measured. The
 * generated files (seeded, {@link BreastCancerRows}) are written once into the work folder and reused.
 *
 * <p>Arguments: work folder, row counts for predictions (comma-separated, default 1000000; a count ending in p reads
 * the same rows as Parquet, written once from the CSV by Spark), rows explained by
 * integrated gradients (20000) and by KernelSHAP (400), 0 to leave one out; masters (default local[1],local[2]).
 */
public final class ScaleOutBenchmark {
    /** One audit's figures. */
    record Run(double wall, double processCpu, double taskCpu, Map<String, Double> cpuByJob, long heapMiB, String loadBefore, String loadAfter) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-out");
        String[] sizes = (args.length > 1 ? args[1] : "1000000").split(",");
        int igRows = args.length > 2 ? Integer.parseInt(args[2]) : 20_000, shapRows = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        String[] masters = (args.length > 4 ? args[4] : "local[1],local[2]").split(",(?=local|spark|yarn|k8s)");
        Files.createDirectories(dir);
        Path model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        Path warm = data(dir, 10_000);
        List<String> lines = new ArrayList<>();
        for (String size : sizes) {
            if (size.isBlank()) continue;
            boolean parquet = size.trim().endsWith("p");
            int rows = Integer.parseInt(size.trim().replace("p", ""));
            Path file = parquet ? parquet(dir, rows) : data(dir, rows);
            for (String master : masters) {
                Run r = session(master, model, warm, file, "test-counts", dir);
                lines.add(line(master, parquet ? "predictions, Parquet" : "predictions", rows, r, r.taskCpu()));
            }
        }
        for (String[] method : new String[][] {{"integrated gradients", "integrated-gradients", Integer.toString(igRows)},
                {"KernelSHAP", "kernel-shap", Integer.toString(shapRows)}}) {
            int n = Integer.parseInt(method[2]);
            if (n <= 0) continue;
            Path csv = data(dir, n);
            for (String master : masters) {
                Run r = session(master, model, warm, csv, "test-counts," + method[1], dir);
                lines.add(line(master, method[0], n, r, r.cpuByJob().getOrDefault(PASS, Double.NaN)));
            }
        }
        System.out.println("summary:");
        lines.forEach(System.out::println);
    }

    /** A Spark session on {@code master}: the warm-up audit, then the measured one. */
    private static Run session(String master, Path model, Path warm, Path csv, String explainers, Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().master(master).appName("lucent-bench").config("spark.ui.enabled", "false").getOrCreate();
        TaskCpu cpu = new TaskCpu();
        spark.sparkContext().addSparkListener(cpu);
        try {
            run(spark, model, warm, explainers, dir, "--rows", "100"); // compiles the measured code paths first
            spark.sparkContext().listenerBus().waitUntilEmpty();
            cpu.byJob.clear();
            String before = load();
            long t0 = System.nanoTime(), c0 = processCpu();
            run(spark, model, csv, explainers, dir);
            double wall = (System.nanoTime() - t0) / 1e9, process = (processCpu() - c0) / 1e9;
            spark.sparkContext().listenerBus().waitUntilEmpty();
            Map<String, Double> byJob = new TreeMap<>();
            cpu.byJob.forEach((k, v) -> byJob.put(k, v / 1e9));
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            return new Run(wall, process, byJob.values().stream().mapToDouble(Double::doubleValue).sum(), byJob, heap, before, load());
        } finally {
            spark.stop();
        }
    }

    private static Path data(Path dir, int rows) throws Exception {
        Path csv = dir.resolve("bc-" + rows + ".csv");
        if (!Files.exists(csv)) {
            Path part = dir.resolve("bc-" + rows + ".csv.part");
            BreastCancerRows.write(part, rows, 2);
            Files.move(part, csv);
        }
        return csv;
    }

    /** The CSV's rows as Parquet (doubles and the label), written once by Spark itself. */
    private static Path parquet(Path dir, int rows) throws Exception {
        Path out = dir.resolve("bc-" + rows + ".parquet");
        if (!Files.exists(out)) {
            Path csv = data(dir, rows), part = dir.resolve("bc-" + rows + ".parquet.part");
            SparkSession spark = SparkSession.builder().master("local[2]").appName("lucent-bench-parquet").config("spark.ui.enabled", "false").getOrCreate();
            try {
                spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString())
                        .withColumn(BreastCancerRows.LABEL, org.apache.spark.sql.functions.col(BreastCancerRows.LABEL).cast("string"))
                        .write().parquet(part.toString());
            } finally {
                spark.stop();
            }
            Files.move(part, out);
        }
        return out;
    }

    /** One whole audit. */
    private static void run(SparkSession spark, Path model, Path csv, String explainers, Path dir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "--model", model.toString(), "--data", csv.toString(), "--label",
                BreastCancerRows.LABEL, "--explainers", explainers, "--explainer-class", CountsAndLoss.class.getName(),
                "--json", dir.resolve("bench.json").toString()));
        args.addAll(List.of(more));
        int code = SparkAuditMain.audit(spark, SparkAuditOptions.parse(args.toArray(String[]::new)),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        if (code > 1) throw new IllegalStateException("exit " + code);
    }

    /** @param workCpu task CPU seconds of the measured work: the whole audit's, or for a per-row method its pass's */
    private static String line(String master, String what, int rows, Run r, double workCpu) {
        int cores = Integer.parseInt(master.replaceAll("local\\[(\\d+).*", "$1"));
        StringBuilder jobs = new StringBuilder();
        r.cpuByJob().forEach((k, v) -> jobs.append(String.format(Locale.ROOT, " %s %.1f", k, v)));
        String line = String.format(Locale.ROOT, "%-9s %-21s %9d rows  wall %7.1f s  %9.1f rows/s/core  process CPU %7.1f s  task CPU %7.1f s (%s)"
                        + "  %9.1f rows per task-CPU-s  driver heap after GC %4d MiB  load %s -> %s",
                master, what, rows, r.wall(), rows / r.wall() / cores, r.processCpu(), r.taskCpu(), jobs.toString().trim(), rows / workCpu,
                r.heapMiB(), r.loadBefore(), r.loadAfter());
        System.out.println(line); // as it goes: a long run interrupted still leaves its figures
        return line;
    }

    /** The job of the pass over every row that summarizes and explains them (SparkAudit's reduce of the summaries). */
    static final String PASS = "reduce@SparkAudit";

    /** Task CPU time per job, named by its stage's call site ("collect@RowIds", "reduce@SeededSample", ...). */
    static final class TaskCpu extends SparkListener {
        final Map<Integer, String> stages = new ConcurrentHashMap<>();
        final Map<String, Long> byJob = new ConcurrentHashMap<>();

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted e) {
            stages.put(e.stageInfo().stageId(), e.stageInfo().name().replaceAll(" at (\\w+)\\.(java|scala):.*", "@$1"));
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            if (e.taskMetrics() != null)
                byJob.merge(stages.getOrDefault(e.stageId(), "?"), e.taskMetrics().executorCpuTime(), Long::sum);
        }
    }

    /** CPU time of every thread of this JVM (Spark's, the engine's, the collector's). */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
