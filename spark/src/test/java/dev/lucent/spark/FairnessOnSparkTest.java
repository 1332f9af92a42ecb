package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.fairness.GroupErrorGapsExplainer;
import dev.lucent.explain.fairness.GroupFairnessExplainer;
import dev.lucent.explain.fairness.GroupRecallThresholdsExplainer;
import dev.lucent.explain.performance.SubgroupGapExplainer;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subgroup-gaps} and the fairness family on Spark: groups from a first pass merged on the driver (quantiles,
 * bins, the median), per-group counts and Poisson-bootstrap replicates from the second, the same findings bit for bit
 * on {@code local[1]}, on {@code local[2]} with 3 partitions and from the explainers' own {@code explain} on one
 * machine; a group column with too many values exits 2 naming it. One test, so one Spark session per master.
 */
class FairnessOnSparkTest {

    static final String EXPLAINERS = "subgroup-gaps,group-fairness,group-error-gaps,group-recall-thresholds";
    static final Map<String, Map<String, String>> PARAMETERS = Map.of(
            "subgroup-gaps", Map.of("feature", "worst area", "bootstrap-resamples", "200"),
            "group-fairness", Map.of("sensitive", "mean radius:q4;mean texture:<17,17-21,>21", "bootstrap-resamples", "200"),
            "group-error-gaps", Map.of("sensitive", "mean radius:q4"),
            "group-recall-thresholds", Map.of("sensitive", "mean texture:<17,17-21,>21", "bootstrap-resamples", "200"));

    @TempDir
    static Path dir;
    static Path model, rows;

    @BeforeAll
    static void fixtures() throws Exception {
        model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        rows = dir.resolve("rows.csv");
        BreastCancerRows.write(rows, 3000, 3);
    }

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    static SparkAuditOptions options(Path json, int partitions, Map<String, Map<String, String>> parameters) {
        List<String> args = new ArrayList<>(List.of("audit", "--model", model.toString(), "--data", rows.toString(), "--label",
                BreastCancerRows.LABEL, "--explainers", EXPLAINERS, "--seed", Long.toString(SparkAuditTest.SEED), "--sample", "200",
                "--json", json.toString()));
        parameters.forEach((id, p) -> p.forEach((name, value) -> args.addAll(List.of("--param", id + "." + name + "=" + value))));
        if (partitions > 0) args.addAll(List.of("--partitions", Integer.toString(partitions)));
        return SparkAuditOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void sameFindingsOnAnyMasterAndAsOnOneMachine() throws Exception {
        AuditReport three = SparkAuditTest.audit("local[2]", options(dir.resolve("f3.json"), 3, PARAMETERS));
        aGroupColumnOfTooManyValuesExitsTwoNamingIt();
        AuditReport one = SparkAuditTest.audit("local[1]", options(dir.resolve("f1.json"), 0, PARAMETERS));
        assertEquals("3", three.provenance().machine().get("partitions").split(" ")[0]);
        assertEquals(ReportJson.findingsCanonical(one.runs()), ReportJson.findingsCanonical(three.runs()));
        assertEquals(one.findingsHash(), three.findingsHash());

        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(rows), all = std.apply(raw);
        for (Explainer e : List.<Explainer>of(new SubgroupGapExplainer(), new GroupFairnessExplainer(), new GroupErrorGapsExplainer(),
                new GroupRecallThresholdsExplainer())) {
            TestContext context = new TestContext(saved.model(), SparkAuditTest.schema(), all, all).seed(SparkAuditTest.SEED).standardization(std)
                    .csvUnits(raw, raw);
            for (Map.Entry<String, String> p : PARAMETERS.get(e.info().id()).entrySet()) context = context.with(p.getKey(), p.getValue());
            ExplainerRun spark = SparkAuditTest.run(one, e.info().id());
            ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK, e.explain(context), 0);
            String expected = ReportJson.findingsCanonical(List.of(single));
            assertEquals(expected, ReportJson.findingsCanonical(List.of(spark)), e.info().id());
            boolean regressionOnly = e instanceof GroupErrorGapsExplainer; // a classifier here: not applicable, and said so alike
            assertEquals(regressionOnly, spark.findings().get(0) instanceof Verdict v && v.outcome() == Verdict.Outcome.NOT_APPLICABLE,
                    e.info().id() + ": " + expected);
        }
        assertTrue(SparkAuditTest.run(one, "group-fairness").findings().stream().anyMatch(f -> f.title().equals("Fairness by mean radius & mean texture")));
    }

    /** After an audit on local[2], in the same session. */
    private static void aGroupColumnOfTooManyValuesExitsTwoNamingIt() throws Exception {
        Path json = dir.resolve("refused.json");
        SparkAuditOptions o = options(json, 0, Map.of("group-fairness", Map.of("sensitive", "mean area")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkAuditMain.audit(SparkAuditTest.session("local[2]"), o, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains("group-fairness: sensitive attribute mean area has "), message);
        assertTrue(message.contains("give bins (mean area:<40,40-65,>65) or quantiles (mean area:q4)"), message);
        assertEquals(1, message.strip().lines().count(), message);
        assertFalse(Files.exists(json));
    }
}
