package dev.lucent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JMH JSON result file into the markdown table of docs/benchmarks.md: median per workload for
 * Lucent and PyTorch, and their ratio (PyTorch time / Lucent time: above 1 means Lucent is faster).
 */
public final class BenchReport {
    private static final Pattern ENTRY = Pattern.compile(
            "\"benchmark\"\\s*:\\s*\"[^\"]*\\.([A-Za-z0-9]+)_(lucent|pytorch)\".*?\"50\\.0\"\\s*:\\s*([0-9.eE+-]+)", Pattern.DOTALL);
    private static final Pattern PARAMS = Pattern.compile("\"params\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern PARAM = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
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
                    ? String.format(" (Lucent %.1f GFLOP/s, PyTorch %.1f GFLOP/s)", 2.0 * 64 * 784 * 256 / (l * 1e3), 2.0 * 64 * 784 * 256 / (t * 1e3))
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
