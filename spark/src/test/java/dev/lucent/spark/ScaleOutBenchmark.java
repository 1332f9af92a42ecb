package dev.lucent.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: rows per second per core of the Spark runner for predictions, integrated gradients and KernelSHAP, on
 * local[1] and local[2] one right after the other for each measurement (so both see about the same machine), and the
 * driver's heap after each run as the rows grow (docs/scale-out.md gives the command and the figures).
 *
 * <p>A run is a whole audit (reading the CSV three times: row ids, the sample, the job; the report sealed and
 * written), so the rates include Spark's own costs. Predictions: the test explainer's counts over every row of each
 * size. Integrated gradients and KernelSHAP explain every row of a smaller file of their own (every row of 10^6 would
 * take hours on two cores; reading a file that small costs under a second, so the rate is the method's). Each session
 * starts with a warm-up audit of 10,000 rows that is not counted. The generated files (seeded, {@link BreastCancerRows})
 * are written once into the work folder and reused.
 *
 * <p>Arguments: work folder, row counts for predictions (comma-separated, default 1000000), rows explained by
 * integrated gradients (20000) and by KernelSHAP (400), 0 to leave one out; masters (default local[1],local[2]).
 */
public final class ScaleOutBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-out");
        String[] sizes = (args.length > 1 ? args[1] : "1000000").split(",");
        int igRows = args.length > 2 ? Integer.parseInt(args[2]) : 20_000, shapRows = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        String[] masters = (args.length > 4 ? args[4] : "local[1],local[2]").split(",(?=local|spark|yarn|k8s)");
        Files.createDirectories(dir);
        Path model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        Path warm = data(dir, 10_000);
        List<String[]> jobs = new ArrayList<>(); // what, rows, explainers
        for (String size : sizes) if (!size.isBlank()) jobs.add(new String[] {"predictions", size.trim(), "test-counts"});
        if (igRows > 0) jobs.add(new String[] {"integrated gradients", Integer.toString(igRows), "test-counts,integrated-gradients"});
        if (shapRows > 0) jobs.add(new String[] {"KernelSHAP", Integer.toString(shapRows), "test-counts,kernel-shap"});
        List<String> lines = new ArrayList<>();
        for (String[] job : jobs) {
            int rows = Integer.parseInt(job[1]);
            Path csv = data(dir, rows);
            for (String master : masters) {
                SparkSession spark = SparkSession.builder().master(master).appName("lucent-bench").config("spark.ui.enabled", "false").getOrCreate();
                try {
                    run(spark, model, warm, "test-counts", dir);
                    String before = load();
                    double seconds = run(spark, model, csv, job[2], dir);
                    lines.add(line(master, spark.sparkContext().defaultParallelism(), job[0], rows, seconds, before));
                } finally {
                    spark.stop();
                }
            }
        }
        System.out.println("summary:");
        lines.forEach(System.out::println);
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

    /** One whole audit; its wall time in seconds. */
    private static double run(SparkSession spark, Path model, Path csv, String explainers, Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "--model", model.toString(), "--data", csv.toString(), "--label",
                BreastCancerRows.LABEL, "--explainers", explainers, "--explainer-class", CountsAndLoss.class.getName(),
                "--json", dir.resolve("bench.json").toString()));
        long t0 = System.nanoTime();
        int code = SparkAuditMain.audit(spark, SparkAuditOptions.parse(args.toArray(String[]::new)),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        if (code > 1) throw new IllegalStateException("exit " + code);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String line(String master, int cores, String what, int rows, double seconds, String loadBefore) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String line = String.format(Locale.ROOT, "%-9s %-21s %9d rows  wall %8.1f s  %9.1f rows/s  %9.1f rows/s/core"
                        + "  driver heap after GC %4d MiB  load %s -> %s",
                master, what, rows, seconds, rows / seconds, rows / seconds / cores, heap >> 20, loadBefore, load());
        System.out.println(line); // as it goes: a long run interrupted still leaves its figures
        return line;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
