package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.JsonReader;
import dev.lucent.host.it.LucentProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fairness of a regression model through the CLI on the packaged jar (#16): the shared diabetes data grouped by sex
 * (coded 1/2 in the file) with {@code --sensitive sex}. The model and the oracle come from
 * scripts/regression-fairness.py: least squares fitted by numpy, written as an ONNX graph, and per group of the
 * test rows the mean absolute error, root mean squared error and mean signed error computed by numpy from the
 * same coefficients. group-error-gaps must report those numbers in the JSON, the HTML and the model card, and its
 * gap metric must be the difference of the two groups' MAE. CI time: about a minute (one ONNX audit).
 */
class RegressionFairnessCliIT {
    static final Duration LIMIT = Duration.ofMinutes(8);
    /** The table shows 4 decimals; the graph computes in float32 (numpy's float32 product may sum in another order). */
    static final double TOLERANCE = 2e-3;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void diabetesErrorsBySexAreTheIndependentlyComputedOnesInJsonHtmlAndModelCard() throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));
        Path script = Path.of(System.getProperty("lucent.scripts", "../scripts")).resolve("regression-fairness.py");
        Path gen = dir.resolve("gen");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), shared.toString(), gen.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        assertTrue(out.contains("300 training rows, 142 test rows"), out);
        Map<String, Object> expected = (Map<String, Object>) JsonReader.parse(Files.readString(gen.resolve("expected.json")));

        Path json = dir.resolve("r.json"), html = dir.resolve("r.html"), card = dir.resolve("r.md");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("data").toString(), "audit",
                "--model", gen.resolve("linear.onnx").toString(), "--data", gen.resolve("diabetes-train.csv").toString(),
                "--test", gen.resolve("diabetes-test.csv").toString(), "--label", "progression", "--sensitive", "sex",
                "--explainers", "group-error-gaps,regression-metrics", "--json", json.toString(), "--out", html.toString(),
                "--card", card.toString(), "--seed", "3");
        // a gap of about 1 against a tolerance of 0.2 x the MAE of about 40 (its interval may reach past it: a warning): nothing fails
        assertEquals(0, r.exitCode(), r.out() + r.err());

        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        Map<String, Object> table = null, gap = null;
        for (Object run : (List<Object>) report.get("runs"))
            if ("group-error-gaps".equals(((Map<String, Object>) run).get("explainer")))
                for (Object f : (List<Object>) ((Map<String, Object>) run).get("findings")) {
                    Map<String, Object> m = (Map<String, Object>) f;
                    if ("Errors by sex".equals(m.get("title"))) table = m;
                    if ("Largest gap in mean absolute error across sex".equals(m.get("title"))) gap = m;
                }
        assertNotNull(table, "the errors table in " + report);
        assertNotNull(gap, "the gap metric");
        List<List<String>> rows = (List<List<String>>) table.get("rows");
        Map<String, Object> groups = (Map<String, Object>) expected.get("groups");
        assertEquals(2, rows.size(), rows.toString());
        for (List<String> row : rows) {
            Map<String, Object> g = (Map<String, Object>) groups.get(row.get(0));
            assertNotNull(g, "group " + row.get(0) + " labelled in the CSV's units");
            assertEquals(num(g.get("rows")), Double.parseDouble(row.get(1)), row.get(0) + " rows");
            assertEquals(num(g.get("mae")), first(row.get(2)), TOLERANCE, row.get(0) + " MAE");
            assertEquals(num(g.get("rmse")), first(row.get(3)), TOLERANCE, row.get(0) + " RMSE");
            assertEquals(num(g.get("bias")), first(row.get(4)), TOLERANCE, row.get(0) + " mean signed error");
            assertTrue(interval(row.get(2))[0] <= first(row.get(2)) && first(row.get(2)) <= interval(row.get(2))[1], "the MAE within its interval");
        }
        assertEquals(num(expected.get("gap")), num(gap.get("value")), TOLERANCE, "gap = largest minus smallest group MAE");
        assertTrue(num(gap.get("lower")) <= num(gap.get("value")) && num(gap.get("value")) <= num(gap.get("upper")), "the gap with its interval");

        // the same numbers, as written, in the HTML and in the model card's per-group table
        String h = Files.readString(html), c = Files.readString(card);
        assertTrue(h.contains("Errors by sex"), "HTML");
        for (List<String> row : rows)
            for (String cell : row) assertTrue(h.contains(">" + cell + "<"), "HTML cell " + cell);
        int at = c.indexOf("**Errors by sex**");
        assertTrue(at > c.indexOf("## Quantitative analyses") && at > 0, c);
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder("|");
            for (String cell : row) line.append(' ').append(cell.replace("(", "\\(").replace(")", "\\)").replace("-", "\\-")).append(" |");
            assertTrue(c.contains(line), "card row " + line + " in\n" + c);
        }
        assertTrue(c.contains("Errors by sex: sex = 1 ("), "the groups are the card's factors");
    }

    static double num(Object o) {
        return Double.parseDouble(((JsonReader.Num) o).text());
    }

    /** "39.7295 (35.1234 to 44.0001)": the value before the interval. */
    static double first(String cell) {
        return Double.parseDouble(cell.substring(0, cell.indexOf(' ')));
    }

    static double[] interval(String cell) {
        String[] in = cell.substring(cell.indexOf('(') + 1, cell.indexOf(')')).split(" to ");
        return new double[]{Double.parseDouble(in[0]), Double.parseDouble(in[1])};
    }
}
