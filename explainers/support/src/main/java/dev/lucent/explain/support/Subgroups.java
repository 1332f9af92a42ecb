package dev.lucent.explain.support;

import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.network.api.DataSplit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits rows into subgroups by one feature, always read in the CSV's units ({@code AuditContext.inCsvUnits}): at
 * a threshold ({@code <= t} and {@code > t}), by listed values (each its own group, the rest "other"), by the
 * bins or quantiles of a {@link SensitiveAttribute}, or, with nothing given, by each distinct value when there are
 * at most {@value #MAX_DISTINCT} of them (e.g. sex coded 1/2) and at the median otherwise. Two groupings of the same
 * rows intersect. Shared by the performance and fairness families.
 */
public record Subgroups(List<String> names, int[][] rows) {

    public static final int MAX_DISTINCT = 10;
    /** Past this many distinct values a column is not categorical: the user is asked for bins or quantiles. */
    public static final int MAX_CATEGORIES = 20;

    public static Subgroups byThreshold(String feature, double[] values, double threshold) {
        return Rule.threshold(feature, threshold).apply(values);
    }

    public static Subgroups byValues(String feature, double[] values, double[] chosen) {
        return Rule.values(feature, chosen).apply(values);
    }

    public static Subgroups automatic(String feature, double[] values) {
        return Rule.automatic(feature, ColumnValues.of(values)).apply(values);
    }

    /**
     * The groups of a sensitive attribute over {@code values} (its column, in the CSV's units): each distinct value
     * (refused past {@value #MAX_CATEGORIES}, asking for bins), the user's bins (a row in two bins is refused; rows in
     * none form the group "outside the bins"), or quantile groups of these rows (edges by numpy's linear rule;
     * groups that ties leave empty are dropped).
     */
    public static Subgroups of(SensitiveAttribute a, double[] values) {
        return Rule.of(a, ColumnValues.of(values)).apply(values);
    }

    /**
     * How one feature's values fall into groups, decided once (from the whole column's {@link ColumnValues} where the
     * groups depend on the data: categories, the median, quantile edges) and then applied to any rows, a block at a
     * time: the plan a partitioned explainer sends to every partition. Serializable and small.
     */
    public static final class Rule implements Serializable {

        private static final long serialVersionUID = 1L;

        private enum Kind { THRESHOLD, VALUES, EDGES, BINS }

        private final Kind kind;
        private final String feature;
        private final List<String> names;
        /** THRESHOLD: the cut; VALUES: the chosen values; EDGES: the q + 1 quantile edges. */
        private final double[] cuts;
        /** BINS: the attribute's bins, as their record's parts (the record is not serializable). */
        private final String[] binLabels;
        private final Double[] lower, upper;
        private final boolean[] lowerIncluded, upperIncluded;
        /** Drop every empty group (quantiles, whose ties leave some empty), else only an empty catch-all last group. */
        private final boolean dropEmpty, dropEmptyLast;
        private transient List<SensitiveAttribute.Bin> bins;

        private Rule(Kind kind, String feature, List<String> names, double[] cuts, List<SensitiveAttribute.Bin> bins, boolean dropEmpty, boolean dropEmptyLast) {
            this.kind = kind;
            this.feature = feature;
            this.names = List.copyOf(names);
            this.cuts = cuts;
            int b = bins.size();
            binLabels = new String[b];
            lower = new Double[b];
            upper = new Double[b];
            lowerIncluded = new boolean[b];
            upperIncluded = new boolean[b];
            for (int k = 0; k < b; k++) {
                SensitiveAttribute.Bin x = bins.get(k);
                binLabels[k] = x.label();
                lower[k] = x.lower();
                upper[k] = x.upper();
                lowerIncluded[k] = x.lowerIncluded();
                upperIncluded[k] = x.upperIncluded();
            }
            this.dropEmpty = dropEmpty;
            this.dropEmptyLast = dropEmptyLast;
        }

        /** {@code <= t} and {@code > t}; missing values in neither. */
        public static Rule threshold(String feature, double threshold) {
            String t = fmt(threshold);
            return new Rule(Kind.THRESHOLD, feature, List.of(feature + " <= " + t, feature + " > " + t), new double[] {threshold}, List.of(), false, false);
        }

        /** Each chosen value its own group, the rest (missing values too) "other", shown only when it holds rows. */
        public static Rule values(String feature, double[] chosen) {
            List<String> names = new ArrayList<>();
            for (double v : chosen) names.add(feature + " = " + fmt(v));
            names.add(feature + " other");
            return new Rule(Kind.VALUES, feature, names, chosen.clone(), List.of(), false, true);
        }

        /** Each distinct value when there are at most {@value #MAX_DISTINCT}, else the median split. */
        public static Rule automatic(String feature, ColumnValues column) {
            if (column.rows() == 0) throw new IllegalArgumentException("feature " + feature + " has no values");
            if (!column.overflowed()) {
                double[] distinct = column.distinct();
                if (distinct.length <= MAX_DISTINCT) return values(feature, distinct);
                return threshold(feature, column.quantile(0.5));
            }
            throw new IllegalArgumentException("feature " + feature + " has more than " + ColumnValues.MAX_DISTINCT + " distinct values in "
                    + column.rows() + " rows, too many to find its median exactly: give a threshold (parameter threshold) or values");
        }

        /** A sensitive attribute's groups, as {@link Subgroups#of(SensitiveAttribute, double[])} describes them. */
        public static Rule of(SensitiveAttribute a, ColumnValues column) {
            String f = a.column();
            if (a.byValue()) {
                if (column.overflowed() || column.distinct().length > MAX_CATEGORIES)
                    throw new IllegalArgumentException("sensitive attribute " + f + " has " + (column.overflowed()
                            ? "more than " + ColumnValues.MAX_DISTINCT : Integer.toString(column.distinct().length)) + " distinct values, too many to"
                            + " compare one by one: give bins (" + f + ":<40,40-65,>65) or quantiles (" + f + ":q4)");
                return values(f, column.distinct());
            }
            if (a.quantiles() > 0) {
                if (column.rows() == 0) throw new IllegalArgumentException("sensitive attribute " + f + " has no values");
                if (column.overflowed())
                    throw new IllegalArgumentException("sensitive attribute " + f + " has more than " + ColumnValues.MAX_DISTINCT
                            + " distinct values, too many to find its quantiles exactly: give bins (" + f + ":<40,40-65,>65)");
                int q = a.quantiles();
                double[] edges = new double[q + 1];
                for (int k = 0; k <= q; k++) edges[k] = column.quantile((double) k / q);
                List<String> names = new ArrayList<>();
                for (int k = 0; k < q; k++)
                    names.add(f + " " + (k == 0 ? "<= " + fmt(edges[1]) : k == q - 1 ? "> " + fmt(edges[k]) : fmt(edges[k]) + " < x <= " + fmt(edges[k + 1]))
                            + " (q" + (k + 1) + ")");
                return new Rule(Kind.EDGES, f, names, edges, List.of(), true, false);
            }
            List<String> names = new ArrayList<>();
            for (SensitiveAttribute.Bin b : a.bins()) names.add(f + " " + b.label());
            names.add(f + " outside the bins");
            return new Rule(Kind.BINS, f, names, new double[0], a.bins(), false, true);
        }

        /** The feature the groups divide. */
        public String feature() {
            return feature;
        }

        /** Every group, before empty ones are dropped. */
        public List<String> names() {
            return names;
        }

        /** The group of one value: its index in {@link #names()}, or -1 for none. */
        public int group(double value) {
            switch (kind) {
                case THRESHOLD:
                    return Double.isNaN(value) ? -1 : value <= cuts[0] ? 0 : 1;
                case VALUES:
                    for (int k = 0; k < cuts.length; k++) if (value == cuts[k]) return k;
                    return cuts.length; // other
                case EDGES: {
                    if (Double.isNaN(value)) return -1;
                    int q = cuts.length - 1, g = 0;
                    while (g < q - 1 && value > cuts[g + 1]) g++;
                    return g;
                }
                default: {
                    List<SensitiveAttribute.Bin> b = bins();
                    int g = b.size();
                    for (int k = 0; k < b.size(); k++) {
                        if (!b.get(k).contains(value)) continue;
                        if (g != b.size())
                            throw new IllegalArgumentException("sensitive attribute " + names.get(0).substring(0, names.get(0).length()
                                    - b.get(0).label().length() - 1) + ": the value " + fmt(value) + " falls in two bins, "
                                    + b.get(g).label() + " and " + b.get(k).label());
                        g = k;
                    }
                    return g;
                }
            }
        }

        /** Whether group {@code g}, holding {@code rows} rows, is shown: empty groups are dropped as the kind says. */
        public boolean kept(int g, long rows) {
            return rows > 0 || !(dropEmpty || dropEmptyLast && g == names.size() - 1);
        }

        /** The rows of {@code values} (one value per row) in their groups. */
        public Subgroups apply(double[] values) {
            int[] group = new int[values.length];
            for (int i = 0; i < values.length; i++) group[i] = group(values[i]);
            return Subgroups.of(names, group, this::kept);
        }

        private List<SensitiveAttribute.Bin> bins() {
            if (bins == null) {
                List<SensitiveAttribute.Bin> b = new ArrayList<>();
                for (int k = 0; k < binLabels.length; k++)
                    b.add(new SensitiveAttribute.Bin(binLabels[k], lower[k], lowerIncluded[k], upper[k], upperIncluded[k]));
                bins = b;
            }
            return bins;
        }
    }

    /** Every pair of a group of {@code a} and a group of {@code b} that shares rows, named "a & b". */
    public static Subgroups intersect(Subgroups a, Subgroups b, int rows) {
        int[] ga = groupOf(a, rows), gb = groupOf(b, rows);
        int nb = b.names().size();
        List<String> names = new ArrayList<>();
        for (String x : a.names()) for (String y : b.names()) names.add(x + " & " + y);
        int[] group = new int[rows];
        for (int i = 0; i < rows; i++) group[i] = ga[i] < 0 || gb[i] < 0 ? -1 : ga[i] * nb + gb[i];
        return of(names, group, (g, n) -> n > 0);
    }

    /** Each row's group index, -1 for rows in none. */
    static int[] groupOf(Subgroups s, int rows) {
        int[] g = new int[rows];
        Arrays.fill(g, -1);
        for (int k = 0; k < s.rows().length; k++) for (int r : s.rows()[k]) g[r] = k;
        return g;
    }

    /** Which groups a rule shows, by index and size. */
    interface Shown {
        boolean kept(int group, long rows);
    }

    /** Groups from each row's group index (-1: none); those {@code shown} refuses (empty ones) are dropped. */
    static Subgroups of(List<String> names, int[] group, Shown shown) {
        int[] size = new int[names.size()];
        for (int g : group) if (g >= 0) size[g]++;
        int[][] rows = new int[names.size()][];
        for (int k = 0; k < rows.length; k++) rows[k] = new int[size[k]];
        int[] at = new int[names.size()];
        for (int i = 0; i < group.length; i++) if (group[i] >= 0) rows[group[i]][at[group[i]]++] = i;
        List<String> keptNames = new ArrayList<>();
        List<int[]> kept = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            if (!shown.kept(k, rows[k].length)) continue;
            keptNames.add(names.get(k));
            kept.add(rows[k]);
        }
        return new Subgroups(List.copyOf(keptNames), kept.toArray(int[][]::new));
    }

    /**
     * Largest minus smallest of the groups' values (or, as a {@code ratio}, smallest over largest) among the groups
     * where the value is defined (not NaN); NaN when fewer than two are, or when a ratio's largest is 0.
     */
    public static double spread(double[] values, boolean ratio) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int defined = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            defined++;
        }
        if (defined < 2) return Double.NaN;
        if (!ratio) return hi - lo;
        return hi == 0 ? Double.NaN : lo / hi; // nobody selected in any group: no ratio to judge
    }

    /** One feature column of a split, in double. */
    public static double[] column(DataSplit split, int column) {
        float[] x = split.features().toArray();
        int width = split.rows() == 0 ? 0 : x.length / split.rows();
        double[] values = new double[split.rows()];
        for (int i = 0; i < values.length; i++) values[i] = x[i * width + column];
        return values;
    }

    /** A value as the CSV would show it: 4 significant digits, no trailing zeros (1.5, not 1.500). */
    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (!Double.isFinite(v)) return Double.toString(v);
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
