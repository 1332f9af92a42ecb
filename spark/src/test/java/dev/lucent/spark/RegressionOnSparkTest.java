package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.performance.RegressionMetricsExplainer;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression model on Spark: its label column read as a real-valued target, regression-metrics summarized per
 * partition and merged, bit for bit the explainer's own explain(context) on the same rows, on any master and partitioning.
 */
class RegressionOnSparkTest {
    static final List<String> FEATURES = List.of("dose", "age", "bmi", "pressure");
    static final String TARGET = "progression";

    @TempDir
    static Path dir;

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    /** y = 2 dose - age + 0.5 bmi + noise, seeded; values written as the floats they are. */
    static DataSplit rows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 4], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) (r.nextDouble() * 10 + j);
            y[i] = (float) (2 * x[i * 4] - x[i * 4 + 1] + 0.5 * x[i * 4 + 2] + r.nextGaussian());
        }
        return new DataSplit("data", Tensor.of(x, n, 4), null, y);
    }

    @Test
    void regressionMetricsOnSparkAreTheExplainersOwn() throws Exception {
        DataSplit train = rows(500, 1), data = rows(2000, 2);
        Standardizer std = Standardizer.fit(train.features());
        Model linear = Model.builder("linear", OutputKind.REGRESSION, 4).seed(5).add("out", new Linear(4, 1)).build();
        TrainingHistory h = Trainer.fit(linear, std.apply(train), null, TrainingConfig.builder(Loss.MSE).learningRate(1e-2f)
                .epochs(20).batchSize(32).seed(3).build());
        Path model = dir.resolve("linear.lucent"), csv = dir.resolve("regression.csv");
        ModelFile.save(model, linear, new Preprocessing(FEATURES, TARGET, List.of(), std.mean(), std.std()), h, Map.of());
        float[] x = data.features().toArray();
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write(String.join(",", FEATURES) + "," + TARGET + "\n");
            for (int i = 0; i < data.rows(); i++) {
                for (int j = 0; j < 4; j++) w.write(x[i * 4 + j] + ",");
                w.write(data.targets()[i] + "\n");
            }
        }

        AuditReport one = audit("local[1]", model, csv, 0, "r1.json");
        AuditReport three = audit("local[2]", model, csv, 3, "r3.json");
        assertEquals("3", three.provenance().machine().get("partitions").split(" ")[0]);
        assertEquals(ReportJson.findingsCanonical(one.runs()), ReportJson.findingsCanonical(three.runs()));

        // the explainer itself on one machine, every row held out
        ModelFile.Saved saved = ModelFile.load(model);
        DataSplit all = std.apply(data);
        TestContext context = new TestContext(saved.model(), new DatasetSchema(FEATURES, TARGET, List.of(), new int[] {4}), all, all)
                .seed(SparkAuditTest.SEED).standardization(std).csvUnits(data, data);
        ExplainerRun spark = SparkAuditTest.run(one, "regression-metrics");
        ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK, new RegressionMetricsExplainer().explain(context), 0);
        String expected = ReportJson.findingsCanonical(List.of(single));
        assertEquals(expected, ReportJson.findingsCanonical(List.of(spark)));
        assertTrue(expected.contains("2000"), expected); // every row, not the background sample
        assertFalse(expected.contains("NOT_APPLICABLE"), expected);
        // the per-row attributions run too: one mean per feature over every row
        FeatureAttribution saliency = (FeatureAttribution) SparkAuditTest.run(one, "saliency").findings().get(0);
        assertEquals("mean over 2000 rows", saliency.subject());
        assertEquals(FEATURES, saliency.features());
    }

    private static AuditReport audit(String master, Path model, Path csv, int partitions, String json) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("audit", "--model", model.toString(), "--data", csv.toString(),
                "--label", TARGET, "--explainers", "regression-metrics,saliency", "--seed", Long.toString(SparkAuditTest.SEED),
                "--sample", "200", "--json", dir.resolve(json).toString()));
        if (partitions > 0) args.addAll(List.of("--partitions", Integer.toString(partitions)));
        return SparkAuditTest.audit(master, SparkAuditOptions.parse(args.toArray(String[]::new)));
    }
}
