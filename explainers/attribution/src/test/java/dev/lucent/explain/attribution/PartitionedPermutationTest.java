package dev.lucent.explain.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.attribution.core.PermutationImportance;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Permutation importance's partitioned path (issue 18): the shuffles are cyclic shifts of a seeded hash order of the
 * row ids, so rows split into random blocks in any order, summarized and merged in any order, give the findings of
 * the explainer's own {@code explain} bit for bit; and each importance equals a brute-force computation of the same
 * permutation, row by row.
 */
class PartitionedPermutationTest {

    static final int N = 300, M = 3;
    static final LinearModel CLASSIFIER = new LinearModel(new float[][]{{0, 0, 0}, {3, -2, 0.5f}}, new float[2], OutputKind.CLASS_LOGITS);

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 4 - 2);
        return x;
    }

    static TestContext classifier() {
        float[] x = random(N * M, 11);
        int[] y = new int[N];
        Random r = new Random(12);
        for (int i = 0; i < N; i++) y[i] = 3 * x[i * M] - 2 * x[i * M + 1] + r.nextGaussian() > 0 ? 1 : 0;
        return TestContext.tabular(CLASSIFIER, x, y, 2).seed(5).with("rows", "250").with("repeats", "7");
    }

    static TestContext regression() {
        float[] x = random(N * 2, 13), t = new float[N];
        Random r = new Random(14);
        for (int i = 0; i < N; i++) t[i] = (float) (2 * x[i * 2] - 0.3 * x[i * 2 + 1] + 0.1 * r.nextGaussian());
        DataSplit split = new DataSplit("test", Tensor.of(x, N, 2), null, t);
        DatasetSchema schema = new DatasetSchema(List.of("f0", "f1"), "target", List.of(), new int[]{2});
        return new TestContext(LinearModel.of(2, -0.3f), schema, split, split).seed(5).with("rows", "260").with("repeats", "6");
    }

    /** The rows in random blocks of ids in random order (as partitions after a repartition), both passes merged in a random order. */
    static List<Finding> partitioned(PermutationImportanceExplainer e, TestContext c, long seed) throws Exception {
        DataSplit all = Blocks.heldOut(c);
        Random r = new Random(seed);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < all.rows(); i++) ids.add(i);
        Collections.shuffle(ids, r);
        List<RowBlock> blocks = new ArrayList<>();
        for (int from = 0; from < ids.size(); ) {
            int to = Math.min(ids.size(), from + 1 + r.nextInt(90));
            blocks.add(block(all, ids.subList(from, to)));
            from = to;
        }
        var first = e.emptyFirstPass(c);
        Collections.shuffle(blocks, r);
        for (RowBlock b : blocks) first = e.mergeFirstPass(e.firstPass(c, b), first);
        var plan = e.plan(c, first);
        var summary = e.emptySummary(c, plan);
        Collections.shuffle(blocks, r);
        for (RowBlock b : blocks) summary = r.nextBoolean() ? e.merge(summary, e.summarize(c, plan, b)) : e.merge(e.summarize(c, plan, b), summary);
        return e.findings(c, plan, summary);
    }

    static RowBlock block(DataSplit all, List<Integer> at) {
        int m = all.features().shape()[1];
        float[] x = all.features().toArray(), bx = new float[at.size() * m];
        long[] ids = new long[at.size()];
        int[] labels = all.labels() == null ? null : new int[at.size()];
        float[] targets = all.targets() == null ? null : new float[at.size()];
        for (int i = 0; i < at.size(); i++) {
            int row = at.get(i);
            ids[i] = row;
            System.arraycopy(x, row * m, bx, i * m, m);
            if (labels != null) labels[i] = all.labels()[row];
            if (targets != null) targets[i] = all.targets()[row];
        }
        DataSplit rows = new DataSplit(all.name(), Tensor.of(bx, at.size(), m), labels, targets);
        return new RowBlock(ids, rows, rows, Tensor.zeros(at.size(), 0));
    }

    @Test
    void randomSplitsGiveTheSingleMachineFindingsBitForBit() throws Exception {
        PermutationImportanceExplainer e = new PermutationImportanceExplainer();
        for (TestContext c : List.of(classifier(), regression())) {
            String one = canonical(e.explain(c));
            for (long seed = 1; seed <= 4; seed++) assertEquals(one, canonical(partitioned(e, c, seed)), "split seed " + seed);
        }
    }

    /** Every value as Java's shortest decimal that reads back to the same double: equal strings, equal bits. */
    static String canonical(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings)
            s.append(f instanceof FeatureAttribution a ? a.subject() + a.features() + Arrays.toString(a.values())
                    + Arrays.toString(a.uncertainty()) + a.note() : f.toString()).append('\n');
        return s.toString();
    }

    @Test
    void eachImportanceIsTheBruteForceDropOfTheSamePermutation() throws Exception {
        PermutationImportanceExplainer e = new PermutationImportanceExplainer();
        TestContext c = classifier();
        List<Finding> findings = partitioned(e, c, 9);
        FeatureAttribution a = (FeatureAttribution) findings.get(0);
        Metric base = (Metric) findings.get(1);
        int n = 250, repeats = 7;
        float[] x = Arrays.copyOf(Blocks.heldOut(c).features().toArray(), n * M);
        int[] y = Blocks.heldOut(c).labels();
        long seed = Seeds.derive(5, "permutation-importance");
        assertEquals(accuracy(x, y, n), base.value());
        for (int j = 0; j < M; j++) {
            double sum = 0;
            for (int r = 0; r < repeats; r++) {
                // the definition, written out: ids sorted by the seeded hash (ties by id), each row the next one's value
                final int jj = j, rr = r;
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) order[i] = i;
                Arrays.sort(order, (p, q) -> {
                    int cmp = Long.compare(PermutationImportance.hash(seed, jj, rr, p), PermutationImportance.hash(seed, jj, rr, q));
                    return cmp != 0 ? cmp : Integer.compare(p, q);
                });
                float[] shuffled = x.clone();
                for (int k = 0; k < n; k++) {
                    int to = order[k], from = order[(k + 1) % n];
                    assertNotEquals(to, from); // a derangement: no row keeps its own value
                    shuffled[to * M + j] = x[from * M + j];
                }
                sum += accuracy(x, y, n) - accuracy(shuffled, y, n);
            }
            assertEquals(sum / repeats, a.values()[j], 1e-12, "f" + j);
        }
        assertTrue(a.values()[0] > 0.1 && a.values()[1] > 0.05, Arrays.toString(a.values()));
        assertEquals(0, a.values()[2], 0.05);
    }

    /** The model on one row at a time. */
    static double accuracy(float[] x, int[] y, int n) {
        int correct = 0;
        for (int i = 0; i < n; i++) {
            float[] out = CLASSIFIER.predict(Tensor.of(Arrays.copyOfRange(x, i * M, (i + 1) * M), 1, M)).toArray();
            if ((out[1] > out[0] ? 1 : 0) == y[i]) correct++;
        }
        return (double) correct / n;
    }

    @Test
    void moreRowsThanTheCapAreRefusedNamingTheParameter() {
        PermutationImportanceExplainer e = new PermutationImportanceExplainer();
        TestContext c = classifier();
        var first = e.emptyFirstPass(c);
        for (int i = 0; i <= PermutationImportanceExplainer.MAX_ROWS_PARTITIONED; i++) first.rows().put((long) i, new float[M]);
        var big = first;
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> e.plan(c.with("rows", "30000"), big));
        assertTrue(refused.getMessage().contains("rows=" + PermutationImportanceExplainer.MAX_ROWS_PARTITIONED), refused.getMessage());
    }
}
