package dev.lucent.spark;

import dev.lucent.audit.api.AuditRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code audit} command's options.
 *
 * @param explainers  ids asked for; empty for every built-in
 * @param classes     further {@code PartitionedExplainer} classes on the classpath ({@code --explainer-class})
 * @param sample      rows of the seeded background sample (KernelSHAP's k-means, feature ablation's means)
 * @param rows        per-row methods explain the rows whose id is below this (default: every row)
 * @param partitions  repartition the rows (after their ids are fixed) into this many; 0 keeps Spark's reading
 * @param parameters  {@code --param explainer-id.name=value}, read by the CLI's own parser ({@link AuditRequest#parameters})
 * @param current     the current data the drift explainers compare the data with ({@code --current}, as on
 *                    {@code lucent.jar audit}; any path Spark reads), or null
 */
record SparkAuditOptions(Path model, String data, String label, List<String> explainers, List<String> classes, int sample,
                         long seed, long rows, int shown, int partitions, int blockRows, Path json, Path out, String master,
                         Map<String, Map<String, String>> parameters, String current) {

    static final String USAGE = "usage: audit --model model.onnx|model.lucent --data <CSV or Parquet path> --label COLUMN [--current <CSV or Parquet path>]"
            + " [--explainers id,id] [--explainer-class CLASS]... [--sample N] [--rows N] [--seed S] [--partitions N]"
            + " [--param explainer-id.name=value]... [--master URL] --json report.json [--out report.html]";

    static SparkAuditOptions parse(String[] args) {
        if (args.length == 0 || !args[0].equals("audit")) throw new IllegalArgumentException(USAGE);
        Path model = null, json = null, out = null;
        String data = null, label = null, master = null, current = null;
        List<String> explainers = new ArrayList<>(), classes = new ArrayList<>(), params = new ArrayList<>();
        int sample = 1000, shown = 4, partitions = 0, block = 1024;
        long seed = 42, rows = Long.MAX_VALUE;
        for (int i = 1; i < args.length; i++) {
            String o = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + o + " needs a value; " + USAGE);
            String v = args[++i];
            switch (o) {
                case "--model" -> model = Path.of(v);
                case "--data" -> data = v;
                case "--label" -> label = v;
                case "--current" -> current = v;
                case "--explainers" -> {
                    for (String id : v.split(",")) if (!id.isBlank()) explainers.add(id.trim());
                }
                case "--explainer-class" -> classes.add(v);
                case "--sample" -> sample = (int) whole(o, v, 1, 1_000_000);
                case "--rows" -> rows = whole(o, v, 0, Long.MAX_VALUE);
                case "--shown" -> shown = (int) whole(o, v, 0, 100);
                case "--seed" -> seed = whole(o, v, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--partitions" -> partitions = (int) whole(o, v, 1, 1_000_000);
                case "--block-rows" -> block = (int) whole(o, v, 1, 1 << 20);
                case "--json" -> json = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--master" -> master = v;
                case "--param" -> params.add(v);
                default -> throw new IllegalArgumentException("unknown option " + o + "; " + USAGE);
            }
        }
        if (model == null || data == null || label == null || json == null)
            throw new IllegalArgumentException("--model, --data, --label and --json are required; " + USAGE);
        return new SparkAuditOptions(model, data, label, List.copyOf(explainers), List.copyOf(classes), sample, seed, rows, shown,
                partitions, block, json, out, master, AuditRequest.parameters(params), current);
    }

    private static long whole(String option, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
        }
        if (v < min || v > max) throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    SparkAuditOptions withPartitions(int p) {
        return new SparkAuditOptions(model, data, label, explainers, classes, sample, seed, rows, shown, p, blockRows, json, out, master, parameters, current);
    }
}
