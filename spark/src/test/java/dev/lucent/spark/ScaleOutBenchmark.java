package dev.lucent.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: rows per second per core of the Spark runner for predictions, integrated gradients and KernelSHAP, on
 * local[1] and local[2], and the driver's heap after each run as the rows grow (docs/scale-out.md gives the command).
 * Each figure is the median of {@code repeats} runs after one warm-up run (none for the largest file when it runs once); a run is a whole audit (reading the CSV,
 * row ids, the sample, the job, the report), so the rates include Spark's own costs.
 *
 * <p>Arguments: work folder, largest row count (10^6 by default), repeats (3).
 */
public final class ScaleOutBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-out");
        int largest = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(dir);
        Path model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        List<String> lines = new ArrayList<>();
        for (String master : List.of("local[1]", "local[2]")) {
            SparkSession spark = SparkSession.builder().master(master).appName("lucent-bench").config("spark.ui.enabled", "false").getOrCreate();
            try {
                for (int rows : new int[] {largest / 10, largest}) {
                    Path csv = data(dir, rows);
                    lines.add(measure(spark, master, "predictions", csv, model, rows, "test-counts", Long.MAX_VALUE, repeats, dir));
                }
                lines.add(measure(spark, master, "integrated gradients", data(dir, 20_000), model, 20_000, "integrated-gradients", Long.MAX_VALUE, repeats, dir));
                lines.add(measure(spark, master, "KernelSHAP", data(dir, 400), model, 400, "kernel-shap", Long.MAX_VALUE, repeats, dir));
            } finally {
                spark.stop();
            }
        }
        System.out.println("summary:");
        lines.forEach(System.out::println);
    }

    private static Path data(Path dir, int rows) throws Exception {
        Path csv = dir.resolve("bc-" + rows + ".csv");
        if (!Files.exists(csv)) BreastCancerRows.write(csv, rows, 2);
        return csv;
    }

    private static String measure(SparkSession spark, String master, String what, Path csv, Path model, int rows, String explainers,
                                  long attributeBelow, int repeats, Path dir) throws Exception {
        double[] seconds = new double[repeats];
        long heap = 0;
        for (int r = repeats > 1 || rows < 1_000_000 ? -1 : 0; r < repeats; r++) { // one warm-up run, but not of the largest file when it runs once
            List<String> args = new ArrayList<>(List.of("audit", "--model", model.toString(), "--data", csv.toString(), "--label",
                    BreastCancerRows.LABEL, "--explainers", explainers, "--explainer-class", CountsAndLoss.class.getName(),
                    "--json", dir.resolve("bench.json").toString()));
            if (attributeBelow < Long.MAX_VALUE) args.addAll(List.of("--rows", Long.toString(attributeBelow)));
            long t0 = System.nanoTime();
            int code = SparkAuditMain.audit(spark, SparkAuditOptions.parse(args.toArray(String[]::new)),
                    new PrintStream(new ByteArrayOutputStream()), System.err);
            if (code > 1) throw new IllegalStateException("exit " + code);
            if (r >= 0) seconds[r] = (System.nanoTime() - t0) / 1e9;
            System.gc();
            heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        Arrays.sort(seconds);
        double median = seconds[repeats / 2];
        int cores = master.equals("local[1]") ? 1 : 2;
        String line = String.format(Locale.ROOT, "%-9s %-21s %9d rows  median %7.2f s  %10.0f rows/s  %10.0f rows/s/core  driver heap after GC %4d MiB",
                master, what, rows, median, rows / median, rows / median / cores, heap >> 20);
        System.out.println(line); // as it goes: a long run interrupted still leaves its figures
        return line;
    }
}
