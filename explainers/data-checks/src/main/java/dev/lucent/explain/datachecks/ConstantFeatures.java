package dev.lucent.explain.datachecks;

import dev.lucent.explain.support.Seeds;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Features that carry (almost) no information: constant (one value in every row) or near-constant (the most
 * common value fills at least {@code nearShare} of the rows, like caret's nearZeroVar frequency rule).
 *
 * <p>Found in two passes that merge, so that the rows may be split any way: the first counts each feature's values
 * into {@value #BUCKETS} hash buckets ({@link Buckets}); a value holding {@code nearShare} of the rows lies in a bucket
 * holding at least as many, so the plan ({@link Candidates}) keeps only those buckets; the second pass counts the
 * values of the candidate buckets exactly ({@link Counts}). The shares of constant and near-constant features are
 * exact; a feature with no candidate bucket is below the share and its commonest value is not counted.
 *
 * @param dominantShare per feature, the share of rows holding its most common value; NaN when it is below
 *                      {@code nearShare} (not counted)
 */
record ConstantFeatures(int[] constant, int[] nearConstant, double[] dominantShare) {
    static final int BUCKETS = 256;
    /** Distinct values counted per feature in its candidate buckets; past it the feature is not decided. */
    static final int COUNTED = 4096;

    /** Values of a feature as one key each: NaN as one value, -0.0 apart from 0.0, as {@link Float#compare} orders them. */
    static int key(float v) {
        return Float.floatToIntBits(v);
    }

    static int bucket(int key) {
        return (int) (Seeds.mix(key) >>> 56); // the top 8 bits: 256 buckets
    }

    /** First pass: per feature, rows per hash bucket of its values. */
    static final class Buckets extends SplitCounts<Buckets> {
        private static final long serialVersionUID = 1L;
        long[][] counts;

        Buckets(String split, long rows, long[][] counts) {
            super(split, rows);
            this.counts = counts;
        }

        static Buckets of(Rows r) {
            long[][] c = new long[r.width()][BUCKETS];
            for (int i = 0; i < r.rows(); i++)
                for (int j = 0; j < r.width(); j++) c[j][bucket(key(r.get(i, j)))]++;
            return new Buckets(r.name(), r.rows(), c);
        }

        @Override
        void add(Buckets o) {
            if (counts == null) counts = o.counts;
            else if (o.counts != null)
                for (int j = 0; j < counts.length; j++) for (int b = 0; b < BUCKETS; b++) counts[j][b] += o.counts[j][b];
        }
    }

    /**
     * The plan: per feature, the buckets that could hold a value of at least {@code share} of the {@code rows}.
     *
     * @param split the rows' split, as the first pass saw it
     */
    record Candidates(String split, long rows, double share, boolean[][] buckets) implements Serializable {
        static Candidates of(Buckets first, double share) {
            long n = first.rows;
            boolean[][] c = new boolean[first.counts == null ? 0 : first.counts.length][BUCKETS];
            for (int j = 0; j < c.length; j++)
                for (int b = 0; b < BUCKETS; b++) c[j][b] = n > 0 && (double) first.counts[j][b] / n >= share;
            return new Candidates(first.split, n, share, c);
        }
    }

    /** Second pass: per feature, rows per value of its candidate buckets (at most {@value #COUNTED} values). */
    static final class Counts extends SplitCounts<Counts> {
        private static final long serialVersionUID = 1L;
        final TreeMap<Integer, Long>[] values;
        final boolean[] undecided;

        @SuppressWarnings("unchecked")
        Counts(int features) {
            super(null, 0);
            values = new TreeMap[features];
            for (int j = 0; j < features; j++) values[j] = new TreeMap<>();
            undecided = new boolean[features];
        }

        static Counts of(Rows r, Candidates plan) {
            Counts c = new Counts(plan.buckets().length);
            c.split = r.name();
            c.rows = r.rows();
            for (int j = 0; j < plan.buckets().length; j++) {
                boolean[] candidate = plan.buckets()[j];
                for (int i = 0; i < r.rows(); i++) {
                    int k = key(r.get(i, j));
                    if (candidate[bucket(k)]) c.values[j].merge(k, 1L, Long::sum);
                }
            }
            c.cap();
            return c;
        }

        @Override
        void add(Counts o) {
            for (int j = 0; j < values.length; j++) {
                undecided[j] |= o.undecided[j];
                for (Map.Entry<Integer, Long> e : o.values[j].entrySet()) values[j].merge(e.getKey(), e.getValue(), Long::sum);
            }
            cap();
        }

        private void cap() {
            for (int j = 0; j < values.length; j++)
                if (values[j].size() > COUNTED) {
                    values[j].clear();
                    undecided[j] = true;
                }
        }
    }

    /** The features from the second pass's counts. */
    static ConstantFeatures of(Candidates plan, Counts counts) {
        int d = plan.buckets().length;
        long n = plan.rows();
        double[] share = new double[d];
        int[] constant = new int[d], near = new int[d];
        int nc = 0, nn = 0;
        for (int j = 0; j < d; j++) {
            long best = 0;
            for (long c : counts.values[j].values()) best = Math.max(best, c);
            share[j] = best == 0 ? Double.NaN : (double) best / n;
            if (best == 0) continue;
            if (best == n) constant[nc++] = j;
            else if (share[j] >= plan.share()) near[nn++] = j;
        }
        return new ConstantFeatures(java.util.Arrays.copyOf(constant, nc), java.util.Arrays.copyOf(near, nn), share);
    }

    /** Both passes over rows held in one place. */
    static ConstantFeatures of(Rows r, double nearShare) {
        Candidates plan = Candidates.of(Buckets.of(r), nearShare);
        return of(plan, Counts.of(r, plan));
    }

    /** Features the second pass could not decide (more than {@value #COUNTED} values in its candidate buckets). */
    static int[] undecided(Counts counts) {
        return java.util.stream.IntStream.range(0, counts.undecided.length).filter(j -> counts.undecided[j]).toArray();
    }
}
