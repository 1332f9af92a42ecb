package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
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
