package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.network.api.DataSplit;
import java.io.Serializable;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.explain.support.Proportions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Small shared pieces of the data-check components. */
final class Checks {
    private Checks() {
    }

    /**
     * How many rows of this width a neighbour search may standardize: they are held as doubles, query and
     * reference sides together, within the run's memory budget (at least 100).
     */
    static int rowsWithinBudget(AuditContext context, int width) {
        long perRow = 8L * Math.max(1, width) * 2;
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, context.memoryBudgetBytes() / perRow));
    }

    static Verdict verdict(String title, Verdict.Outcome outcome, String summary, List<String> evidence, String remedy) {
        return new Verdict(title, Stage.DATA, outcome, summary, evidence, outcome == Verdict.Outcome.PASS ? "" : remedy);
    }

    /**
     * A partitioned data check's summary of each split to check (train, then test if there is one), in blocks as the
     * single-machine runner reads them; the model is not run (data checks read only the rows).
     */
    static <S extends Serializable> List<S> perSplit(PartitionedExplainer<S> check, AuditContext context) throws AuditCancelledException {
        List<DataSplit> splits = new ArrayList<>(List.of(context.train()));
        context.test().ifPresent(splits::add);
        List<S> out = new ArrayList<>();
        for (DataSplit split : splits) {
            S s = Blocks.summarize(check, context, split, false);
            if (s instanceof SplitCounts<?> c && c.split == null) c.split = split.name(); // no rows, no block to name it
            out.add(s);
        }
        return out;
    }

    /** The splits to check: train, then test if there is one. */
    static List<Rows> splits(AuditContext context) {
        List<Rows> r = new ArrayList<>();
        r.add(Rows.of(context.train()));
        context.test().ifPresent(t -> r.add(Rows.of(t)));
        return r;
    }

    /**
     * At most {@code max} rows, chosen by a seeded shuffle and kept in row order (brute-force neighbour searches
     * are quadratic, so large splits are sampled; the findings say so).
     */
    static Rows sample(Rows r, int max, long seed) {
        if (r.rows() <= max) return r;
        int[] idx = new int[r.rows()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, max);
        Arrays.sort(chosen);
        float[] v = new float[max * r.width()];
        int[] labels = r.labels() == null ? null : new int[max];
        for (int i = 0; i < max; i++) {
            System.arraycopy(r.values(), chosen[i] * r.width(), v, i * r.width(), r.width());
            if (labels != null) labels[i] = r.labels()[chosen[i]];
        }
        return new Rows(r.name() + " (sample of " + max + " rows)", v, max, r.width(), labels);
    }

    /**
     * A share of rows, k of n, judged by the one tolerance rule: counted (no interval) when the n rows are every row
     * there is, else estimated from a seeded sample with Wilson's 95% score interval.
     *
     * @param of what the n rows are, for the sentence: "training rows"
     */
    static Tolerance.Judged shareAtMost(String quantity, long k, long n, boolean sampled, String of, double tolerance, String parameter) {
        double share = n == 0 ? 0 : (double) k / n;
        if (!sampled) return Tolerance.atMostCounted(quantity, share, k + " of all " + n + " " + of, tolerance, parameter);
        Proportions.Interval ci = Proportions.wilson(k, n, Proportions.normalQuantile(0.975));
        return Tolerance.atMost(quantity + " (" + k + " of a sample of " + n + " " + of + ")", share, ci.lower(), ci.upper(), 0.95,
                tolerance, parameter);
    }

    /** A data check's verdict from a judgement: PASS within, WARN straddling, {@code beyond} past the tolerance. */
    static Verdict verdict(String title, Tolerance.Judged judged, Verdict.Outcome beyond, List<String> evidence, String remedy) {
        Verdict.Outcome o = judged.outcome(beyond);
        return verdict(title, o, judged.summary(o), evidence, remedy);
    }

    static String feature(AuditContext context, int j) {
        List<String> names = context.schema().featureNames();
        return j < names.size() ? names.get(j) : "feature " + j;
    }

    static String className(AuditContext context, int k) {
        List<String> names = context.schema().classNames();
        return k < names.size() ? names.get(k) : "class " + k;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
