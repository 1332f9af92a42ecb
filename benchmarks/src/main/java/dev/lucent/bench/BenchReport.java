package dev.lucent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of docs/benchmarks.md. Given {@link EnginePairedRuns}' {@code matrix.tsv}: the engine matrix as markdown
 * ({@code matrix.md}, also printed) and as a bar chart of the paired ratios ({@code matrix.svg}) beside it. Given a
 * JMH JSON result file: the median per workload for Lucent and PyTorch and their ratio (PyTorch time / Lucent time:
 * above 1 means Lucent is faster).
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.lucent.bench.BenchReport benchmarks/target/engine-run/matrix.tsv
 * java -cp benchmarks/target/benchmarks.jar dev.lucent.bench.BenchReport engine.json</pre>
 */
public final class BenchReport {
    private static final Pattern ENTRY = Pattern.compile(
            "\"benchmark\"\\s*:\\s*\"[^\"]*\\.([A-Za-z0-9]+)_(lucent|pytorch)\".*?\"50\\.0\"\\s*:\\s*([0-9.eE+-]+)", Pattern.DOTALL);
    private static final Pattern PARAMS = Pattern.compile("\"params\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern PARAM = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"");
    /** Above this 1-minute load on the 2-core machine a figure is marked as taken on a loaded machine. */
    static final double LOADED = 4;
    private static final double MATMUL_FLOP = 2.0 * 64 * 784 * 256;

    /**
     * One row of the engine matrix: medians of the milliseconds a call on each side (NaN: side not run), the
     * per-round ratios DJL / Lucent and Python / Lucent as {median, lower quartile, upper quartile}, and the
     * 1-minute load when the row was done.
     */
    record Row(int threads, String workload, double lucentMs, double djlMs, double pythonMs, double[] djlRatio,
               double[] pythonRatio, double load) {

        String tsv() {
            return String.format(Locale.ROOT, "%d\t%s\t%.6g\t%.6g\t%.6g\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f", threads, workload,
                    lucentMs, djlMs, pythonMs, djlRatio[0], djlRatio[1], djlRatio[2], pythonRatio[0], pythonRatio[1], pythonRatio[2], load);
        }

        static Row parse(String line) {
            String[] f = line.split("\t");
            if (f.length != 12) throw new IllegalArgumentException("a matrix row has 12 tab-separated fields, this has " + f.length + ": " + line);
            double[] d = new double[12];
            for (int i = 2; i < 12; i++) d[i] = Double.parseDouble(f[i]);
            return new Row(Integer.parseInt(f[0]), f[1], d[2], d[3], d[4], new double[]{d[5], d[6], d[7]},
                    new double[]{d[8], d[9], d[10]}, d[11]);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: BenchReport matrix.tsv | jmh-result.json");
        Path in = Path.of(args[0]);
        if (in.toString().endsWith(".tsv")) {
            List<String> lines = Files.readAllLines(in);
            List<Row> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(Row.parse(l));
            writeMatrix(rows, in.toAbsolutePath().getParent(), lines.get(0).replaceFirst("^# ", ""));
            System.out.print(Files.readString(in.resolveSibling("matrix.md")));
        } else {
            jmhTable(Files.readString(in));
        }
    }

    /** {@code matrix.tsv}, {@code matrix.md} and {@code matrix.svg} in {@code dir}; {@code how} says how it was timed. */
    static void writeMatrix(List<Row> rows, Path dir, String how) throws IOException {
        StringBuilder tsv = new StringBuilder("# " + how + "\n");
        rows.forEach(r -> tsv.append(r.tsv()).append('\n'));
        Files.writeString(dir.resolve("matrix.tsv"), tsv);
        Files.writeString(dir.resolve("matrix.md"), markdown(rows, how));
        Files.writeString(dir.resolve("matrix.svg"), svg(rows));
    }

    static String markdown(List<Row> rows, String how) {
        double lo = rows.stream().mapToDouble(Row::load).min().orElse(Double.NaN);
        double hi = rows.stream().mapToDouble(Row::load).max().orElse(Double.NaN);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Paired runs, %s; 1-minute load %.1f to %.1f%s.%n", how, lo, hi,
                hi > LOADED ? " (rows done above " + LOADED + " are marked loaded: their times are not a quiet machine's)" : ""));
        for (int threads : rows.stream().mapToInt(Row::threads).distinct().toArray()) {
            List<Row> part = rows.stream().filter(r -> r.threads() == threads).toList();
            long djl2 = part.stream().filter(r -> r.djlRatio()[0] >= 2).count();
            long py2 = part.stream().filter(r -> r.pythonRatio()[0] >= 2).count();
            s.append(String.format(Locale.ROOT, "%n%s (at least 2x: %d of %d against DJL, %d of %d against Python):%n%n",
                    threads == 1 ? "One thread" : threads + " threads", djl2, part.size(), py2, part.size()));
            s.append("| workload | Lucent | PyTorch via DJL | DJL / Lucent (quartiles) | PyTorch in Python | Python / Lucent (quartiles) | load |\n");
            s.append("|---|---|---|---|---|---|---|\n");
            part.forEach(r -> s.append(markdownRow(r)).append('\n'));
        }
        return s.toString();
    }

    /** One line of the matrix's table. */
    static String markdownRow(Row r) {
        boolean matmul = r.workload().startsWith("matmul");
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", r.workload(), time(r.lucentMs(), matmul),
                time(r.djlMs(), matmul), ratio(r.djlRatio()), time(r.pythonMs(), matmul), ratio(r.pythonRatio()),
                Double.isNaN(r.load()) ? "?" : String.format(Locale.ROOT, r.load() > LOADED ? "%.1f, loaded" : "%.1f", r.load()));
    }

    private static String ratio(double[] q) {
        return Double.isNaN(q[0]) ? "not run" : String.format(Locale.ROOT, "%.2fx (%.2f to %.2f)", q[0], q[1], q[2]);
    }

    private static String time(double ms, boolean matmul) {
        if (Double.isNaN(ms)) return "not run";
        String t = PairedRuns.time(ms);
        return matmul ? String.format(Locale.ROOT, "%s (%.1f GFLOP/s)", t, MATMUL_FLOP / (ms * 1e6)) : t;
    }

    /**
     * The ratios as horizontal bars on a log scale, one panel a thread count: a bar starts at 1x (par) and runs right
     * where Lucent is faster; whiskers span the quartiles of the per-round ratios; the dashed line is the 2x target.
     */
    static String svg(List<Row> rows) {
        int labelW = 290, plotW = 520, rowH = 24, head = 46, panelGap = 34;
        double minLog = -4, maxLog = 4; // 1/16x to 16x
        int[] threads = rows.stream().mapToInt(Row::threads).distinct().toArray();
        int height = 40;
        for (int t : threads) height += head + rowH * (int) rows.stream().filter(r -> r.threads() == t).count() + panelGap;
        int width = labelW + plotW + 110; // room for the title
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">PyTorch time / Lucent time, paired rounds"
                        + " (right of 1x: Lucent faster; dashed: the 2x target; whiskers: quartiles)</text>%n"
                        + "<rect x=\"10\" y=\"28\" width=\"12\" height=\"8\" fill=\"#3b6fb6\"/><text x=\"26\" y=\"36\">PyTorch via DJL</text>%n"
                        + "<rect x=\"140\" y=\"28\" width=\"12\" height=\"8\" fill=\"#e08a2c\"/><text x=\"156\" y=\"36\">PyTorch in Python</text>%n",
                width, height));
        int y = 40;
        for (int t : threads) {
            List<Row> part = rows.stream().filter(r -> r.threads() == t).toList();
            s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 22,
                    t == 1 ? "1 thread" : t + " threads"));
            int top = y + head - 12, bottom = top + rowH * part.size();
            for (int e = (int) minLog; e <= maxLog; e++) {
                double x = labelW + (e - minLog) / (maxLog - minLog) * plotW;
                String label = e >= 0 ? (1 << e) + "x" : "1/" + (1 << -e) + "x";
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>"
                                + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n", x, top, x, bottom,
                        e == 0 ? "black" : e == 1 ? "#2a2" : "#ddd", e == 1 ? " stroke-dasharray=\"5,3\" stroke-width=\"1.5\"" : "",
                        x, top - 4, label));
            }
            double one = labelW + (-minLog) / (maxLog - minLog) * plotW;
            int ry = top;
            for (Row r : part) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s%s</text>%n", labelW - 6, ry + 16,
                        escape(r.workload()), r.load() > LOADED ? " *" : ""));
                bar(s, r.djlRatio(), ry + 3, "#3b6fb6", one, labelW, plotW, minLog, maxLog);
                bar(s, r.pythonRatio(), ry + 13, "#e08a2c", one, labelW, plotW, minLog, maxLog);
                ry += rowH;
            }
            y = bottom + 12 + panelGap;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#555\">* done at a 1-minute load above %.0f on 2 cores</text>%n",
                height - 8, LOADED));
        return s.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder s, double[] q, int y, String colour, double one, int labelW, int plotW, double minLog, double maxLog) {
        if (Double.isNaN(q[0])) return;
        double x = xOf(q[0], labelW, plotW, minLog, maxLog);
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"%s\"><title>%.2fx</title></rect>%n",
                Math.min(one, x), y, Math.abs(x - one), colour, q[0]));
        double a = xOf(q[1], labelW, plotW, minLog, maxLog), b = xOf(q[2], labelW, plotW, minLog, maxLog);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>%n", a, y + 4, b, y + 4));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#222\">%.2f</text>%n",
                Math.max(x, b) + 3, y + 8, q[0]));
    }

    private static double xOf(double ratio, int labelW, int plotW, double minLog, double maxLog) {
        double e = Math.max(minLog, Math.min(maxLog, Math.log(ratio) / Math.log(2)));
        return labelW + (e - minLog) / (maxLog - minLog) * plotW;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    private static void jmhTable(String json) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        // Split per result object so a median is never taken from the next benchmark.
        for (String part : json.split("\\{\\s*\"jmhVersion\"")) {
            Matcher m = ENTRY.matcher(part);
            if (!m.find()) continue;
            // the JMH parameters (threads, batch) are part of the row's name
            StringBuilder name = new StringBuilder(m.group(1));
            Matcher ps = PARAMS.matcher(part);
            if (ps.find()) for (Matcher p = PARAM.matcher(ps.group(1)); p.find(); ) name.append(' ').append(p.group(1)).append('=').append(p.group(2));
            double[] r = rows.computeIfAbsent(name.toString(), k -> new double[]{Double.NaN, Double.NaN});
            r["lucent".equals(m.group(2)) ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        System.out.println("| workload | Lucent median | PyTorch median | PyTorch / Lucent |");
        System.out.println("|---|---|---|---|");
        for (var e : rows.entrySet()) {
            double l = e.getValue()[0], t = e.getValue()[1];
            String extra = e.getKey().startsWith("matmul")
                    ? String.format(" (Lucent %.1f GFLOP/s, PyTorch %.1f GFLOP/s)", MATMUL_FLOP / (l * 1e3), MATMUL_FLOP / (t * 1e3))
                    : "";
            System.out.printf("| %s | %s | %s | %.2fx%s |%n", e.getKey(), fmt(l), fmt(t), t / l, extra);
        }
    }

    private static String fmt(double micros) {
        return micros >= 1000 ? String.format("%.2f ms", micros / 1000) : String.format("%.1f us", micros);
    }

    private BenchReport() {
    }
}
