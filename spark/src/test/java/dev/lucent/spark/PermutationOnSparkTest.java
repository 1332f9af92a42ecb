package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.attribution.PermutationImportanceExplainer;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.ModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code permutation-importance} on Spark (issue 18): the rows whose id is below {@code rows} collected by a first
 * pass, the shuffles planned on the driver from the row ids (cyclic shifts of a seeded hash order), each partition's
 * rows scored under their donors' values and the counts merged; on {@code local[2]} with 3 partitions the findings
 * equal bit for bit the explainer's own {@code explain} on one machine over the same rows. One Spark session.
 */
class PermutationOnSparkTest {

    @TempDir
    static Path dir;
    static Path model, rows;

    @BeforeAll
    static void fixtures() throws Exception {
        model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        rows = dir.resolve("rows.csv");
        BreastCancerRows.write(rows, 1000, 3);
    }

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    @Test
    void sameFindingsAsOnOneMachineBitForBit() throws Exception {
        AuditReport report = SparkAuditTest.audit("local[2]", SparkAuditOptions.parse(new String[]{"audit", "--model", model.toString(),
                "--data", rows.toString(), "--label", BreastCancerRows.LABEL, "--explainers", "permutation-importance",
                "--seed", Long.toString(SparkAuditTest.SEED), "--sample", "50", "--partitions", "3", "--json", dir.resolve("p.json").toString(),
                "--param", "permutation-importance.rows=400", "--param", "permutation-importance.repeats=5"}));
        ExplainerRun spark = SparkAuditTest.run(report, "permutation-importance");
        assertTrue(spark.findings().get(0) instanceof FeatureAttribution, String.valueOf(spark.findings()));

        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(rows), all = std.apply(raw);
        DataSplit data = new DataSplit("data", all.features(), all.labels(), all.targets()); // as Spark names its rows
        TestContext context = new TestContext(saved.model(), SparkAuditTest.schema(), data, data).seed(SparkAuditTest.SEED)
                .standardization(std).csvUnits(raw, raw).with("rows", "400").with("repeats", "5");
        ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK, new PermutationImportanceExplainer().explain(context), 0);
        assertEquals(ReportJson.findingsCanonical(List.of(single)), ReportJson.findingsCanonical(List.of(spark)));
        FeatureAttribution a = (FeatureAttribution) spark.findings().get(0);
        assertEquals("global, 400 data rows", a.subject());
        assertFalse(java.util.Arrays.stream(a.values()).allMatch(v -> v == 0), a.note());
    }
}
