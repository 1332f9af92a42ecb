package dev.lucent.explain.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * feature-drift and prediction-drift as summaries that merge: any split of the reference and current rows into blocks
 * (rows in any order, ids kept) merged in any order gives the findings of the explainer's own {@code explain}, bit for
 * bit, with exact bins (breast cancer halves, one feature shifted) and with bins placed by the seeded sample (more
 * distinct values than kept), where KS and Wasserstein stay close to the exact ones computed from the rows.
 */
class PartitionedDriftTest {

    @Test
    void anySplitAndMergeOrderGivesTheFindingsOfOneMachine() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        DriftOraclesTest.Halves h = DriftOraclesTest.Halves.of(raw, 7);
        for (float[] r : h.cur()) r[DriftOraclesTest.SHIFTED] += 0.02f;
        TestContext c = DriftOraclesTest.context(null, h);
        List<DataSplit> featureRef = List.of(c.train(), c.test().orElseThrow());
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(new FeatureDriftExplainer().explain(c).toString(), split(new FeatureDriftExplainer(), c, featureRef, seed).toString());
            assertEquals(new PredictionDriftExplainer().explain(c).toString(),
                    split(new PredictionDriftExplainer(), c, List.of(c.test().orElseThrow()), seed).toString());
        }
    }

    @Test
    void pastTheKeptDistinctValuesBinsPlacedBySampleStayCloseAndMergeExactly() throws Exception {
        int n = 6000, m = 30;
        SplittableRandom r = new SplittableRandom(5);
        float[] ref = new float[n * m], cur = new float[n * m];
        for (int i = 0; i < n * m; i++) {
            ref[i] = (float) r.nextGaussian();
            cur[i] = (float) (r.nextGaussian() + (i % m == 3 ? 0.3 : 0)); // column 3 shifted by 0.3 sd
        }
        DataSplit reference = new DataSplit("train", Tensor.of(ref, n, m), null, null), current = new DataSplit("current", Tensor.of(cur, n, m), null, null);
        TestContext c = new TestContext(EngineModels.breastCancerMlp(), DriftOraclesTest.schema(), reference, null).current(current).seed(9);
        List<Finding> one = new FeatureDriftExplainer().explain(c);
        assertEquals(one.toString(), split(new FeatureDriftExplainer(), c, List.of(reference), 4).toString());
        Table t = (Table) one.get(0);
        assertTrue(t.note().contains("30 column(s) had more distinct values than are kept"), t.note());
        for (List<String> row : t.rows()) {
            int j = DriftOraclesTest.schema().featureNames().indexOf(row.get(0));
            double[] a = column(ref, n, m, j), b = column(cur, n, m, j);
            double ks = Double.parseDouble(row.get(3).substring(3)), w = Double.parseDouble(row.get(8));
            // KS at the bins' edges: never above the exact D, and within the bins' resolution of it
            double exactKs = TwoSample.ks(a, b).statistic(), exactW = TwoSample.wasserstein(a, b);
            assertTrue(ks <= exactKs + 1e-4 && ks >= exactKs - 0.01, row.get(0) + ": KS " + ks + " vs " + exactKs);
            assertTrue(Math.abs(w - exactW) <= 0.01, row.get(0) + ": Wasserstein " + w + " vs " + exactW);
        }
        assertEquals("mean area", t.rows().get(0).get(0), "the shifted column (3) first");
    }

    /**
     * A regression's outputs by KS from the merged counts, and its performance drift from the rows on one machine: the
     * current absolute errors are three times the reference's, so the relative rise of the mean absolute error is 2.
     */
    @Test
    void aRegressionsPerformanceDriftStillComesFromItsRows() throws Exception {
        int n = 200;
        float[] ref = new float[n * 2], cur = new float[n * 2], refY = new float[n], curY = new float[n];
        for (int i = 0; i < n; i++) {
            ref[2 * i] = cur[2 * i] = i / 100f;
            ref[2 * i + 1] = cur[2 * i + 1] = 1;
            float prediction = i / 100f + 1; // weights (1, 1), no bias
            refY[i] = prediction + (i % 2 == 0 ? 0.125f : -0.125f);
            curY[i] = prediction + (i % 2 == 0 ? 0.375f : -0.375f);
        }
        DataSplit r = new DataSplit("test", Tensor.of(ref, n, 2), null, refY), c = new DataSplit("current", Tensor.of(cur, n, 2), null, curY);
        TestContext context = new TestContext(dev.lucent.explain.testkit.LinearModel.of(1, 1),
                new dev.lucent.network.api.DatasetSchema(List.of("x", "one"), "y", List.of(), new int[] {2}), r, r).current(c).seed(3);
        List<Finding> f = new PredictionDriftExplainer().explain(context);
        dev.lucent.explain.api.Metric ks = (dev.lucent.explain.api.Metric) f.get(0), mae = (dev.lucent.explain.api.Metric) f.get(2);
        assertEquals(0, ks.value(), "the same inputs: the same predictions");
        assertEquals("relative mean absolute error change", mae.name());
        assertEquals(2.0, mae.value(), 1e-5);
        assertTrue(mae.lower() > 0.25, "wholly past the default tolerance: " + mae);
        assertEquals(dev.lucent.explain.api.Verdict.Outcome.FAIL, ((dev.lucent.explain.api.Verdict) f.get(3)).outcome());
    }

    static double[] column(float[] x, int n, int m, int j) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = x[i * m + j];
        return v;
    }

    /** Both passes over random blocks of rows (shuffled, ids kept), each pass's block summaries merged in random order. */
    static <F extends Serializable, P extends Serializable, S extends Serializable> List<Finding> split(
            CurrentDataPartitionedExplainer<F, P, S> e, AuditContext c, List<DataSplit> reference, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        DataSplit current = c.current().orElseThrow();
        List<F> firsts = new ArrayList<>();
        for (RowBlock b : blocks(c, reference, r)) firsts.add(e.firstPass(c, b));
        for (RowBlock b : blocks(c, List.of(current), r)) firsts.add(e.firstPassOfCurrent(c, b));
        Collections.shuffle(firsts, new java.util.Random(seed));
        F first = e.emptyFirstPass(c);
        for (F f : firsts) first = e.mergeFirstPass(f, first);
        P plan = e.plan(c, first);
        List<S> seconds = new ArrayList<>();
        for (RowBlock b : blocks(c, reference, r)) seconds.add(e.summarize(c, plan, b));
        for (RowBlock b : blocks(c, List.of(current), r)) seconds.add(e.summarizeCurrent(c, plan, b));
        Collections.shuffle(seconds, new java.util.Random(seed + 1));
        S total = e.emptySummary(c, plan);
        for (S s : seconds) total = e.merge(s, total);
        return e.findings(c, plan, total);
    }

    /** The splits' rows (ids continuing from split to split) shuffled and cut into blocks of 1 to 400 rows. */
    static List<RowBlock> blocks(AuditContext c, List<DataSplit> splits, SplittableRandom r) {
        List<long[]> rows = new ArrayList<>(); // {split, row, id}
        long id = 0;
        for (int s = 0; s < splits.size(); s++)
            for (int i = 0; i < splits.get(s).rows(); i++) rows.add(new long[] {s, i, id++});
        Collections.shuffle(rows, new java.util.Random(r.nextLong()));
        List<RowBlock> out = new ArrayList<>();
        List<float[]> values = splits.stream().map(s -> s.features().toArray()).toList();
        for (int at = 0; at < rows.size(); ) {
            int size = Math.min(rows.size() - at, 1 + r.nextInt(400));
            List<long[]> part = rows.subList(at, at + size);
            int m = splits.get(0).features().size() / splits.get(0).rows();
            float[] x = new float[size * m];
            boolean labelled = splits.stream().allMatch(s -> s.labels() != null);
            int[] y = labelled ? new int[size] : null;
            long[] ids = new long[size];
            for (int k = 0; k < size; k++) {
                DataSplit s = splits.get((int) part.get(k)[0]);
                int i = (int) part.get(k)[1];
                System.arraycopy(values.get((int) part.get(k)[0]), i * m, x, k * m, m);
                if (y != null) y[k] = s.labels()[i];
                ids[k] = part.get(k)[2];
            }
            DataSplit block = new DataSplit("block", Tensor.of(x, size, m), y, null);
            out.add(new RowBlock(ids, block, block, c.model().predict(block.features())));
            at += size;
        }
        return out;
    }
}
