package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.drift.FeatureDriftExplainer;
import dev.lucent.explain.drift.PredictionDriftExplainer;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift on Spark (issue 18): {@code --current} names the current data as on {@code lucent.jar audit}; the drift
 * explainers that merge run in two passes over both data sets and give, bit for bit, what the explainer gives on one
 * machine over the same rows (local[2], 3 partitions; any split and merge order: {@code PartitionedDriftTest} in the
 * drift module). The reference is 3,000 generated breast cancer rows, the
 * current 2,500 more with one feature shifted: together more distinct values per column than the sketch keeps, so the
 * binned path runs; two columns rounded to one decimal stay exact. Those that do not merge say so.
 */
class DriftOnSparkTest {
    static final String DRIFT = "feature-drift,prediction-drift,activation-drift,domain-classifier";

    @TempDir
    static Path dir;
    static Path reference, current;

    @BeforeAll
    static void fixtures() throws Exception {
        SparkAuditTest.model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        reference = dir.resolve("reference.csv");
        current = dir.resolve("current.csv");
        BreastCancerRows.write(reference, 3000, 1);
        BreastCancerRows.write(current, 2500, 3);
        rewrite(reference, false);
        rewrite(current, true);
    }

    /** Columns 0 and 1 rounded to one decimal (few distinct values: exact tests); the current's column 7 shifted. */
    static void rewrite(Path csv, boolean shift) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            for (int j = 0; j < 2; j++) f[j] = Float.toString(Math.round(Float.parseFloat(f[j]) * 10) / 10f);
            if (shift) f[7] = Float.toString(Float.parseFloat(f[7]) + 0.02f); // about half a standard deviation
            lines.set(i, String.join(",", f));
        }
        Files.write(csv, lines);
    }

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    static SparkAuditOptions options(Path json, int partitions, String... more) {
        List<String> args = new ArrayList<>(List.of("--current", current.toString()));
        args.addAll(List.of(more));
        return SparkAuditTest.options(reference, DRIFT, Long.MAX_VALUE, partitions, json, args.toArray(String[]::new));
    }

    @Test
    void featureDriftOnSparkIsTheExplainersOwnOnAnyPartitioning() throws Exception {
        AuditReport two = SparkAuditTest.audit("local[2]", options(dir.resolve("two.json"), 3));
        assertEquals(current.toString(), two.provenance().currentFile(), "the current data is in the provenance");

        // one machine: the explainer's own explain over the same rows, standardized as the model file says
        ModelFile.Saved saved = ModelFile.load(SparkAuditTest.model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit ref = std.apply(BreastCancerRows.read(reference)), cur = std.apply(BreastCancerRows.read(current));
        // the data as the reference of both (feature-drift's training rows, prediction-drift's held-out ones)
        TestContext context = new TestContext(saved.model(), SparkAuditTest.schema(), ref, ref).current(cur).seed(SparkAuditTest.SEED)
                .standardization(std);
        for (Explainer drift : List.of(new FeatureDriftExplainer(), new PredictionDriftExplainer())) {
            ExplainerRun spark = SparkAuditTest.run(two, drift.info().id());
            ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK, drift.explain(context), 0);
            assertEquals(ReportJson.findingsCanonical(List.of(single)), ReportJson.findingsCanonical(List.of(spark)), drift.info().id());
        }

        List<dev.lucent.explain.api.Finding> predictions = SparkAuditTest.run(two, "prediction-drift").findings();
        assertTrue(predictions.get(0).toString().contains("3000 held-out reference rows, 2500 current rows"), predictions.get(0).toString());
        assertTrue(predictions.stream().anyMatch(f -> f instanceof Verdict v && v.title().equals("Performance drift")), "labelled on both sides");

        Table t = (Table) SparkAuditTest.run(two, "feature-drift").findings().get(0);
        assertEquals("mean concave points", t.rows().get(0).get(0), "the shifted feature first: " + t.rows().get(0));
        assertEquals("drifted", t.rows().get(0).get(9));
        assertTrue(t.note().contains("3000 reference rows, 2500 current rows"), t.note());
        assertTrue(t.note().contains("28 column(s) had more distinct values than are kept"), t.note()); // the two rounded ones are exact
        assertTrue(t.rows().stream().anyMatch(r -> r.get(0).equals("label: diagnosis")), "labels on both sides are compared");

        for (String id : List.of("activation-drift", "domain-classifier")) {
            Verdict v = (Verdict) SparkAuditTest.run(two, id).findings().get(0);
            assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome(), id);
            assertTrue(v.summary().contains("which no partition summary merges into") || v.summary().contains("in one JVM"), v.summary());
        }
    }

    @Test
    void currentDataWithoutAFeatureIsRefusedInOneLine() throws Exception {
        List<String> lines = Files.readAllLines(current);
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, lines.stream().map(l -> l.substring(l.indexOf(',') + 1)).toList()); // without "mean radius"
        SparkAuditTest.refused(SparkAuditTest.options(reference, DRIFT, Long.MAX_VALUE, 0, dir.resolve("cut.json"), "--current", cut.toString()),
                "cut.csv: the current data has no column [mean radius] of the data's features");
    }

    @Test
    void withoutCurrentDataTheDriftExplainersSaySo() throws Exception {
        AuditReport r = SparkAuditTest.audit("local[2]", SparkAuditTest.options(reference, DRIFT, Long.MAX_VALUE, 0, dir.resolve("none.json")));
        for (String id : DRIFT.split(",")) {
            Verdict v = (Verdict) SparkAuditTest.run(r, id).findings().get(0);
            assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome(), id);
            assertTrue(v.summary().contains("no current data to compare with (--current PATH"), v.summary());
        }
    }
}
