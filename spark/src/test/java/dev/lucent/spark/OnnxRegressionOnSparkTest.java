package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.performance.RegressionMetricsExplainer;
import dev.lucent.explain.testkit.Datasets;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX regression model on Spark: numpy's least squares on the shared diabetes data, exported by
 * scripts/regression-fairness.py (a graph with one output unit). Spark must read it as the single-machine audit does,
 * a regression of the numeric label (it was read as a binary classifier), and give the single-machine findings.
 */
class OnnxRegressionOnSparkTest {
    static final String TARGET = "progression";

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/regression-fairness.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), Datasets.ROOT.toString(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fixture script timed out");
        assertEquals(0, p.exitValue(), out);
    }

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    @Test
    void anOnnxRegressionModelIsAuditedAsOnOneMachine() throws Exception {
        Path model = dir.resolve("linear.onnx"), csv = dir.resolve("diabetes-test.csv");
        AuditReport spark = audit(model, csv, "r.json");

        // the single-machine audit's inputs with every row as the test set: the model read by the same rule
        AuditInputs.Prepared single = AuditInputs.load(model, dir.resolve("diabetes-train.csv"), TARGET, csv, 42);
        assertEquals(OutputKind.REGRESSION, single.model().outputKind());
        // named as the Spark runner names its one split (the findings' notes say "data rows")
        DataSplit rows = new DataSplit("data", single.test().features(), single.test().labels(), single.test().targets());
        TestContext context = new TestContext(single.model(), single.schema(), rows, rows).seed(SparkAuditTest.SEED).csvUnits(rows, rows);
        ExplainerRun onSpark = SparkAuditTest.run(spark, "regression-metrics");
        ExplainerRun own = new ExplainerRun(onSpark.explainer(), ExplainerRun.Status.OK, new RegressionMetricsExplainer().explain(context), 0);
        String expected = ReportJson.findingsCanonical(List.of(own));
        assertEquals(expected, ReportJson.findingsCanonical(List.of(onSpark)));
        assertTrue(expected.contains("142"), expected); // every test row
        assertFalse(expected.contains("NOT_APPLICABLE"), expected);
        assertTrue(spark.provenance().modelFormat().contains("ONNX"), spark.provenance().modelFormat());
        // gradients of a linear graph: |W| per feature, the same on every row
        FeatureAttribution saliency = (FeatureAttribution) SparkAuditTest.run(spark, "saliency").findings().get(0);
        assertEquals("mean over 142 rows", saliency.subject());
    }

    @Test
    void aOneOutputOnnxModelWithLabelsThatAreNotNumbersIsRefused() throws Exception {
        Path model = dir.resolve("linear.onnx"), csv = dir.resolve("words.csv");
        List<String> lines = Files.readAllLines(dir.resolve("diabetes-test.csv"));
        StringBuilder b = new StringBuilder(lines.get(0)).append('\n');
        String[] words = {"low", "mid", "high"};
        for (int i = 1; i < lines.size(); i++)
            b.append(lines.get(i), 0, lines.get(i).lastIndexOf(',') + 1).append(words[i % 3]).append('\n');
        Files.writeString(csv, b);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SparkAuditOptions o = options(model, csv, "w.json");
        int code = SparkAuditMain.audit(SparkAuditTest.session("local[2]"), o, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("one output unit") && err.toString().contains("[high, low, mid]"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(o.json()));
    }

    private static SparkAuditOptions options(Path model, Path csv, String json) {
        return SparkAuditOptions.parse(new String[] {"audit", "--model", model.toString(), "--data", csv.toString(), "--label", TARGET,
                "--explainers", "regression-metrics,saliency", "--seed", Long.toString(SparkAuditTest.SEED), "--sample", "50",
                "--partitions", "3", "--json", dir.resolve(json).toString()});
    }

    private static AuditReport audit(Path model, Path csv, String json) throws Exception {
        return SparkAuditTest.audit("local[2]", options(model, csv, json));
    }
}
