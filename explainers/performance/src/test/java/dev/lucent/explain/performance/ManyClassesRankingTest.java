package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.support.ScoreCounts;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.Partitions;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ImageNet head: 1000 classes, 1000 bootstrap replicates. roc-pr and recall-threshold used to keep a replicate grid
 * per class (1000 x 1000 x 64 bins x 2 longs, 1 GB); their summaries must stay small, and the values must still be
 * scikit-learn's.
 */
class ManyClassesRankingTest {

    static final int CLASSES = 1000;
    static TestContext imagenet;
    @TempDir
    static Path dir;

    /** 300 rows whose labels fall in about 260 of the 1000 classes; logits noisy around the true class (a fresh context each). */
    @BeforeEach
    void data() {
        imagenet = thousandClasses(300);
    }

    static TestContext thousandClasses(int n) {
        SplittableRandom rng = new SplittableRandom(12);
        float[][] x = new float[n][CLASSES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(CLASSES);
            for (int k = 0; k < CLASSES; k++) x[i][k] = (float) ((k == y[i] ? 3.0 : 0.0) + rng.nextGaussian());
        }
        DataSplit s = Fixtures.split("test", x, y, null);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < CLASSES; k++) names.add("n" + k);
        return Fixtures.context(new Fixtures.FnModel(OutputKind.CLASS_LOGITS, CLASSES, CLASSES, r -> r.clone()),
                Fixtures.schema(CLASSES, names), s, s);
    }

    @Test
    void summariesStaySmallWithAThousandClasses() throws Exception {
        RocPrExplainer.Summary roc = Blocks.summarizeHeldOut(new RocPrExplainer(), imagenet);
        long distinct = 0;
        for (int c = 0; c < CLASSES; c++) {
            assertNull(roc.replicates()[c], "no per-class replicates past " + RocPrExplainer.PER_CLASS_REPLICATES_UP_TO + " classes");
            distinct += roc.exact()[c].distinct();
            assertTrue(roc.exact()[c].capacity() * (long) CLASSES <= Math.max(256L * CLASSES, ScoreCounts.MAX_DISTINCT));
        }
        assertTrue(distinct > 299_000 && distinct <= 300L * CLASSES, distinct + " distinct scores: each class's kept exactly at this size");
        for (int c = 0; c < CLASSES; c++) assertEquals(0, roc.exact()[c].level());
        assertEquals(1000, roc.pooledReplicates().replicates());
        long bytes = serializedBytes(roc);
        assertTrue(bytes < 32L << 20, "roc-pr summary " + bytes + " bytes");

        RecallThresholdExplainer.Summary rt = Blocks.summarizeHeldOut(new RecallThresholdExplainer(), imagenet);
        long kept = java.util.Arrays.stream(rt.scores().exact()).filter(java.util.Objects::nonNull).count();
        assertEquals(1, kept, "recall-threshold keeps its positive class only");
        // the default decision's exact 1000 x 1000 confusion counts are 8 MB of it; the bootstrap adds the positive class's grid
        assertTrue(serializedBytes(rt) < 16L << 20, "recall-threshold summary " + serializedBytes(rt) + " bytes");
        assertTrue(new RecallThresholdExplainer().explain(imagenet).size() >= 4);
    }

    @Test
    void macroAndMicroRankingEqualScikitLearn() throws Exception {
        DataSplit test = imagenet.test().orElseThrow();
        float[][] p = imagenet.model().probabilities(test.features());
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < test.rows(); i++) {
            csv.append(test.labels()[i]);
            for (int j = 0; j < CLASSES; j++) csv.append(',').append((double) p[i][j]);
            csv.append('\n');
        }
        String[] v = PartitionedPerformanceTest.sklearn(dir, csv.toString(),
                "from sklearn.preprocessing import label_binarize",
                "d = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2); y = d[:, 0].astype(int); p = d[:, 1:]; k = p.shape[1]",
                "Y = label_binarize(y, classes=list(range(k)))",
                "ranked = [j for j in range(k) if 0 < Y[:, j].sum() < len(y)]",
                "print(np.mean([roc_auc_score(Y[:, j], p[:, j]) for j in ranked]),",
                "      np.mean([average_precision_score(Y[:, j], p[:, j]) for j in ranked]),",
                "      roc_auc_score(Y, p, average='micro'), average_precision_score(Y, p, average='micro'), len(ranked))");
        List<Finding> f = new RocPrExplainer().explain(imagenet);
        assertEquals(Double.parseDouble(v[0]), PerformanceExplainersTest.metric(f, "ROC-AUC").value(), 1e-12);
        assertEquals(Double.parseDouble(v[1]), PerformanceExplainersTest.metric(f, "average precision").value(), 1e-12);
        Metric microAuc = PerformanceExplainersTest.metric(f, "ROC-AUC (micro)");
        Metric microAp = PerformanceExplainersTest.metric(f, "average precision (micro)");
        assertEquals(Double.parseDouble(v[2]), microAuc.value(), 1e-12);
        assertEquals(Double.parseDouble(v[3]), microAp.value(), 1e-12);
        assertTrue(microAuc.lower() <= microAuc.value() && microAuc.value() <= microAuc.upper(), microAuc.toString());
        assertTrue(microAp.lower() <= microAp.value() && microAp.value() <= microAp.upper() && microAp.upper() - microAp.lower() < 0.3,
                microAp.toString());
        Curve roc = (Curve) f.get(0);
        // ten classes, the micro-average and the chance line; the note says what was drawn
        assertEquals(RocPrExplainer.CLASSES_DRAWN + 2, roc.series().size());
        Curve.Series micro = roc.series().get(RocPrExplainer.CLASSES_DRAWN);
        assertTrue(micro.name().startsWith("micro-average (AUC " + dev.lucent.explain.support.Evaluated.fmt(microAuc.value())), micro.name());
        assertTrue(micro.x().length <= RocPrExplainer.POINTS_DRAWN + 1, micro.x().length + " points drawn of 300,000 pairs");
        assertTrue(roc.note().contains("the " + v[4] + " of 1000 classes") && roc.note().contains("most held-out rows"), roc.note());
    }

    @Test
    void manyClassesMergeAlikeWhateverTheSplit() throws Exception {
        Partitions.assertSplitDoesNotMatter(new RocPrExplainer(), thousandClasses(60).with("bootstrap-resamples", "50"));
        Partitions.assertSplitDoesNotMatter(new RecallThresholdExplainer(), thousandClasses(60).with("bootstrap-resamples", "50"));
    }

    private static long serializedBytes(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }
}
