package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Diabetes;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.Partitions;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance explainers as a cluster runner drives them: findings from the rows in one block equal, to the last bit,
 * the findings from the rows shuffled, cut into random blocks, serialized and merged in a random order; and the merged
 * numbers agree with scikit-learn computing them from the model's raw outputs.
 */
class PartitionedPerformanceTest {

    @TempDir
    static Path dir;
    static TestContext cancer;
    static TestContext diabetes;

    @BeforeAll
    static void models() throws Exception {
        BreastCancer.Data d = BreastCancer.load(1);
        cancer = Fixtures.context(BreastCancer.trainedMlp(d), d.schema(), d.train(), d.test());
        Diabetes.Data r = Diabetes.load();
        Model m = Diabetes.trainedMlp(r);
        diabetes = Fixtures.context(m, r.schema(), r.train(), r.test());
    }

    /** A block's probabilities, read from the raw outputs the runner computed, are the model's own, bit for bit. */
    @Test
    void blockProbabilitiesAreTheModelsOwn() {
        for (TestContext c : List.of(cancer, diabetes, MultiClassAndRegressionTest.threeClasses(50, 3))) {
            DataSplit test = c.test().orElseThrow();
            long[] ids = new long[test.rows()];
            RowBlock block = new RowBlock(ids, test, test, c.model().predict(test.features()));
            double[][] mine = dev.lucent.explain.support.ModelOutputs.probabilities(c, block);
            float[][] model = c.model().probabilities(test.features());
            for (int i = 0; i < model.length; i++)
                for (int j = 0; j < model[i].length; j++)
                    assertEquals(Double.doubleToRawLongBits(model[i][j]), Double.doubleToRawLongBits(mine[i][j]), c.model().outputKind() + " row " + i);
        }
    }

    @Test
    void classificationMetricsDoNotDependOnHowRowsAreSplit() throws Exception {
        Partitions.assertSplitDoesNotMatter(new ClassificationMetricsExplainer(), cancer);
        Partitions.assertSplitDoesNotMatter(new ClassificationMetricsExplainer(), MultiClassAndRegressionTest.threeClasses(500, 3));
    }

    @Test
    void calibrationDoesNotDependOnHowRowsAreSplit() throws Exception {
        Partitions.assertSplitDoesNotMatter(new CalibrationExplainer(), cancer);
        Partitions.assertSplitDoesNotMatter(new CalibrationExplainer(), MultiClassAndRegressionTest.threeClasses(500, 3));
    }

    @Test
    void rocAndPrDoNotDependOnHowRowsAreSplit() throws Exception {
        Partitions.assertSplitDoesNotMatter(new RocPrExplainer(), cancer);
        Partitions.assertSplitDoesNotMatter(new RocPrExplainer(), MultiClassAndRegressionTest.threeClasses(500, 3));
    }

    @Test
    void recallThresholdDoesNotDependOnHowRowsAreSplit() throws Exception {
        Partitions.assertSplitDoesNotMatter(new RecallThresholdExplainer(), cancer);
        Partitions.assertSplitDoesNotMatter(new RecallThresholdExplainer(), MultiClassAndRegressionTest.threeClasses(500, 3));
    }

    @Test
    void regressionMetricsDoNotDependOnHowRowsAreSplit() throws Exception {
        // 200 replicates, not 1,000: the same code path at a fifth of the cost of exact sums per replicate
        Partitions.assertSplitDoesNotMatter(new RegressionMetricsExplainer(), Fixtures.context(diabetes.model(), diabetes.schema(),
                diabetes.train(), diabetes.test().orElseThrow()).with("bootstrap-resamples", "200"));
        // more rows than the plots show: the rows drawn are chosen by row id, whatever the split
        TestContext big = wideRegression(2500).with("bootstrap-resamples", "200");
        Partitions.assertSplitDoesNotMatter(new RegressionMetricsExplainer(), big);
        Curve versus = (Curve) new RegressionMetricsExplainer().explain(big).stream().filter(f -> f.title().equals("Predicted versus actual"))
                .findFirst().orElseThrow();
        assertEquals(RegressionPlots.MAX_POINTS, versus.series().get(0).x().length);
        assertTrue(versus.note().contains("2000 of the 2500 test rows, chosen by a hash of the row id"), versus.note());
    }

    /** Targets far from zero with a small spread: R^2 from exact sums must still match the two-pass formula. */
    static TestContext wideRegression(int n) {
        SplittableRandom rng = new SplittableRandom(5);
        float[][] x = new float[n][2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (1000 + rng.nextGaussian());
            x[i][1] = (float) rng.nextGaussian();
            y[i] = (float) (x[i][0] + 0.5 * rng.nextGaussian());
        }
        DataSplit s = Fixtures.split("test", x, null, y);
        Fixtures.FnModel first = new Fixtures.FnModel(OutputKind.REGRESSION, 2, 1, r -> new float[] {r[0]});
        return Fixtures.context(first, Fixtures.schema(2, List.of()), s, s);
    }

    @Test
    void classificationMetricsMatchScikitLearn() throws Exception {
        for (TestContext c : List.of(cancer, MultiClassAndRegressionTest.threeClasses(500, 3))) {
            DataSplit test = c.test().orElseThrow();
            float[] logits = c.model().predict(test.features()).toArray();
            int k = logits.length / test.rows();
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < test.rows(); i++) {
                csv.append(test.labels()[i]);
                for (int j = 0; j < k; j++) csv.append(",").append((double) logits[i * k + j]);
                csv.append('\n');
            }
            String[] v = sklearn(dir, csv.toString(),
                    "d = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2); y = d[:, 0].astype(int); z = d[:, 1:]",
                    "p = (z[:, 0] > 0).astype(int) if z.shape[1] == 1 else z.argmax(1)",
                    "labels = list(range(" + c.schema().classNames().size() + "))",
                    "print(accuracy_score(y, p), f1_score(y, p, average='macro'),",
                    "      ' '.join(map(repr, precision_score(y, p, labels=labels, average=None, zero_division=0))),",
                    "      ' '.join(map(repr, recall_score(y, p, labels=labels, average=None, zero_division=0))),",
                    "      ' '.join(map(str, confusion_matrix(y, p, labels=labels).ravel())))");
            List<Finding> f = new ClassificationMetricsExplainer().explain(c);
            int classes = c.schema().classNames().size();
            assertEquals(Double.parseDouble(v[0]), PerformanceExplainersTest.metric(f, "accuracy").value(), 1e-12);
            assertEquals(Double.parseDouble(v[1]), PerformanceExplainersTest.metric(f, "macro F1").value(), 1e-12);
            Table perClass = (Table) f.stream().filter(x -> x.title().startsWith("Per-class")).findFirst().orElseThrow();
            Table cm = (Table) f.stream().filter(x -> x.title().equals("Confusion matrix")).findFirst().orElseThrow();
            for (int j = 0; j < classes; j++) {
                assertEquals(Double.parseDouble(v[2 + j]), Double.parseDouble(perClass.rows().get(j).get(1)), 5e-5, "precision " + j);
                assertEquals(Double.parseDouble(v[2 + classes + j]), Double.parseDouble(perClass.rows().get(j).get(2)), 5e-5, "recall " + j);
                for (int p = 0; p < classes; p++)
                    assertEquals(v[2 + 2 * classes + j * classes + p], cm.rows().get(j).get(1 + p), "confusion " + j + "," + p);
            }
            Metric acc = PerformanceExplainersTest.metric(f, "accuracy");
            assertTrue(acc.lower() < acc.value() && acc.value() < acc.upper(), acc.toString());
            assertTrue(acc.note().contains("Poisson bootstrap"), acc.note());
        }
    }

    /** ROC-AUC, average precision and the positive-class / top-label ECE from the model's own probabilities, by scikit-learn. */
    @Test
    void rankingAndCalibrationMatchScikitLearn() throws Exception {
        for (TestContext c : List.of(cancer, MultiClassAndRegressionTest.threeClasses(500, 3))) {
            DataSplit test = c.test().orElseThrow();
            float[][] p = c.model().probabilities(test.features());
            int k = p[0].length;
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < test.rows(); i++) {
                csv.append(test.labels()[i]);
                for (int j = 0; j < k; j++) csv.append(',').append((double) p[i][j]);
                csv.append('\n');
            }
            int pos = dev.lucent.explain.support.ModelOutputs.positiveClass(c);
            String[] v = sklearn(dir, csv.toString(),
                    "from sklearn.calibration import calibration_curve",
                    "d = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2); y = d[:, 0].astype(int); p = d[:, 1:]; k = p.shape[1]",
                    "def ece(hit, conf):",
                    "    true, pred = calibration_curve(hit, conf, n_bins=15, strategy='uniform')",
                    "    n = np.bincount(np.searchsorted(np.linspace(0, 1, 16)[1:-1], conf), minlength=15); n = n[n > 0]",
                    "    return float(np.sum(n / len(conf) * np.abs(true - pred)))",
                    "top = p.argmax(1)",
                    "if k == 2:",
                    "    print(roc_auc_score(y == " + pos + ", p[:, " + pos + "]), average_precision_score(y == " + pos + ", p[:, " + pos + "]),",
                    "          ece(y == " + pos + ", p[:, " + pos + "]))",
                    "else:",
                    "    print(roc_auc_score(y, p, multi_class='ovr', average='macro'),",
                    "          np.mean([average_precision_score(y == j, p[:, j]) for j in range(k)]), ece(y == top, p[np.arange(len(y)), top]))");
            List<Finding> roc = new RocPrExplainer().explain(c);
            assertEquals(Double.parseDouble(v[0]), PerformanceExplainersTest.metric(roc, "ROC-AUC").value(), 1e-12);
            assertEquals(Double.parseDouble(v[1]), PerformanceExplainersTest.metric(roc, "average precision").value(), 1e-12);
            Metric auc = PerformanceExplainersTest.metric(roc, "ROC-AUC");
            assertTrue(auc.lower() <= auc.value() && auc.value() <= auc.upper() && auc.upper() - auc.lower() < 0.2, auc.toString());
            Metric ece = PerformanceExplainersTest.metric(new CalibrationExplainer().explain(c), "ECE");
            assertEquals(Double.parseDouble(v[2]), ece.value(), 1e-12);
        }
    }

    /** Past the bound on distinct scores every split coarsens to the same level, so the counts still agree. */
    @Test
    void scoreCountsCoarsenAlikeWhateverTheSplit() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 3000;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextBoolean();
            s[i] = (float) Math.min(1, Math.max(0, 0.5 + (y[i] ? 0.1 : -0.1) + 0.2 * rng.nextGaussian()));
        }
        dev.lucent.explain.support.ScoreCounts whole = dev.lucent.explain.support.ScoreCounts.of(s, y, 500);
        assertTrue(whole.level() > 0 && whole.distinct() <= 500, whole.level() + " " + whole.distinct());
        for (int parts : new int[] {2, 7, 31}) {
            dev.lucent.explain.support.ScoreCounts merged = null;
            for (int part = parts - 1; part >= 0; part--) {
                int from = part * n / parts, to = (part + 1) * n / parts;
                var piece = dev.lucent.explain.support.ScoreCounts.of(java.util.Arrays.copyOfRange(s, from, to),
                        java.util.Arrays.copyOfRange(y, from, to), 500);
                merged = merged == null ? piece : piece.merge(merged);
            }
            assertEquals(whole.level(), merged.level(), "level with " + parts + " parts");
            assertEquals(RocCurve.auc(whole.binaryCounts()), RocCurve.auc(merged.binaryCounts()), "AUC with " + parts + " parts");
        }
        // the coarse AUC stays near the exact one: only scores within 2^-(23-level) relative of each other tie
        double exact = RocCurve.auc(dev.lucent.explain.support.BinaryCounts.of(s, y));
        assertEquals(exact, RocCurve.auc(whole.binaryCounts()), 0.01);
    }

    @Test
    void regressionMetricsMatchScikitLearn() throws Exception {
        for (TestContext c : List.of(diabetes, wideRegression(2500).with("bootstrap-resamples", "200"))) {
            DataSplit test = c.test().orElseThrow();
            float[] pred = c.model().predict(test.features()).toArray();
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < test.rows(); i++) csv.append((double) test.targets()[i]).append(",").append((double) pred[i]).append('\n');
            String[] v = sklearn(dir, csv.toString(),
                    "d = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2); y = d[:, 0]; p = d[:, 1]",
                    "print(mean_absolute_error(y, p), np.sqrt(mean_squared_error(y, p)), r2_score(y, p))");
            List<Finding> f = new RegressionMetricsExplainer().explain(c);
            assertEquals(Double.parseDouble(v[0]), PerformanceExplainersTest.metric(f, "MAE").value(), 1e-12 * Double.parseDouble(v[0]));
            assertEquals(Double.parseDouble(v[1]), PerformanceExplainersTest.metric(f, "RMSE").value(), 1e-12 * Double.parseDouble(v[1]));
            assertEquals(Double.parseDouble(v[2]), PerformanceExplainersTest.metric(f, "R^2").value(), 1e-10);
        }
    }

    /** Runs a scikit-learn script over the rows (a CSV file, sys.argv[1]); its printed values, split on spaces. */
    static String[] sklearn(Path dir, String rows, String... script) throws Exception {
        Path data = Files.createTempFile(dir, "rows", ".csv");
        Files.writeString(data, rows);
        Path py = Files.createTempFile(dir, "oracle", ".py");
        List<String> lines = new ArrayList<>(List.of("import sys", "import numpy as np",
                "from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, confusion_matrix,"
                        + " mean_absolute_error, mean_squared_error, r2_score, roc_auc_score, average_precision_score"));
        lines.addAll(List.of(script));
        Files.write(py, lines);
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "scikit-learn did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.split("\\s+");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
