package dev.lucent.explain.support;

import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.network.api.DataSplit;
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
        int[] group = new int[values.length];
        for (int i = 0; i < values.length; i++) group[i] = Double.isNaN(values[i]) ? -1 : values[i] <= threshold ? 0 : 1;
        String t = fmt(threshold);
        return of(List.of(feature + " <= " + t, feature + " > " + t), group, false);
    }

    public static Subgroups byValues(String feature, double[] values, double[] chosen) {
        List<String> names = new ArrayList<>();
        for (double v : chosen) names.add(feature + " = " + fmt(v));
        names.add(feature + " other");
        int[] group = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int g = chosen.length; // other
            for (int k = 0; k < chosen.length && g == chosen.length; k++) if (values[i] == chosen[k]) g = k;
            group[i] = g;
        }
        return dropEmptyLast(of(names, group, false));
    }

    public static Subgroups automatic(String feature, double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) throw new IllegalArgumentException("feature " + feature + " has no values");
        double[] distinct = Arrays.stream(sorted).distinct().toArray();
        if (distinct.length <= MAX_DISTINCT) return byValues(feature, values, distinct);
        return byThreshold(feature, values, Bootstrap.quantile(sorted, 0.5));
    }

    /**
     * The groups of a sensitive attribute over {@code values} (its column, in the CSV's units): each distinct value
     * (refused past {@value #MAX_CATEGORIES}, asking for bins), the user's bins (a row in two bins is refused; rows in
     * none form the group "outside the bins"), or quantile groups of these rows (edges by numpy's linear rule;
     * groups that ties leave empty are dropped).
     */
    public static Subgroups of(SensitiveAttribute a, double[] values) {
        String f = a.column();
        if (a.byValue()) {
            double[] distinct = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().distinct().toArray();
            if (distinct.length > MAX_CATEGORIES)
                throw new IllegalArgumentException("sensitive attribute " + f + " has " + distinct.length + " distinct values, too many to"
                        + " compare one by one: give bins (" + f + ":<40,40-65,>65) or quantiles (" + f + ":q4)");
            return byValues(f, values, distinct);
        }
        if (a.quantiles() > 0) {
            double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) throw new IllegalArgumentException("sensitive attribute " + f + " has no values");
            int q = a.quantiles();
            double[] edges = new double[q + 1];
            for (int k = 0; k <= q; k++) edges[k] = Bootstrap.quantile(sorted, (double) k / q);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < q; k++)
                names.add(f + " " + (k == 0 ? "<= " + fmt(edges[1]) : k == q - 1 ? "> " + fmt(edges[k]) : fmt(edges[k]) + " < x <= " + fmt(edges[k + 1]))
                        + " (q" + (k + 1) + ")");
            int[] group = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    group[i] = -1;
                    continue;
                }
                int g = 0;
                while (g < q - 1 && values[i] > edges[g + 1]) g++;
                group[i] = g;
            }
            return of(names, group, true);
        }
        List<String> names = new ArrayList<>();
        for (SensitiveAttribute.Bin b : a.bins()) names.add(f + " " + b.label());
        names.add(f + " outside the bins");
        int[] group = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int g = a.bins().size();
            for (int k = 0; k < a.bins().size(); k++) {
                if (!a.bins().get(k).contains(values[i])) continue;
                if (g != a.bins().size())
                    throw new IllegalArgumentException("sensitive attribute " + f + ": the value " + fmt(values[i]) + " falls in two bins, "
                            + a.bins().get(g).label() + " and " + a.bins().get(k).label());
                g = k;
            }
            group[i] = g;
        }
        return dropEmptyLast(of(names, group, false));
    }

    /** Every pair of a group of {@code a} and a group of {@code b} that shares rows, named "a & b". */
    public static Subgroups intersect(Subgroups a, Subgroups b, int rows) {
        int[] ga = groupOf(a, rows), gb = groupOf(b, rows);
        int nb = b.names().size();
        List<String> names = new ArrayList<>();
        for (String x : a.names()) for (String y : b.names()) names.add(x + " & " + y);
        int[] group = new int[rows];
        for (int i = 0; i < rows; i++) group[i] = ga[i] < 0 || gb[i] < 0 ? -1 : ga[i] * nb + gb[i];
        return of(names, group, true);
    }

    /** Each row's group index, -1 for rows in none. */
    static int[] groupOf(Subgroups s, int rows) {
        int[] g = new int[rows];
        Arrays.fill(g, -1);
        for (int k = 0; k < s.rows().length; k++) for (int r : s.rows()[k]) g[r] = k;
        return g;
    }

    /** Groups from each row's group index (-1: none); empty groups are dropped when {@code dropEmpty}. */
    private static Subgroups of(List<String> names, int[] group, boolean dropEmpty) {
        int[] size = new int[names.size()];
        for (int g : group) if (g >= 0) size[g]++;
        int[][] rows = new int[names.size()][];
        for (int k = 0; k < rows.length; k++) rows[k] = new int[size[k]];
        int[] at = new int[names.size()];
        for (int i = 0; i < group.length; i++) if (group[i] >= 0) rows[group[i]][at[group[i]]++] = i;
        List<String> keptNames = new ArrayList<>();
        List<int[]> kept = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            if (dropEmpty && rows[k].length == 0) continue;
            keptNames.add(names.get(k));
            kept.add(rows[k]);
        }
        return new Subgroups(List.copyOf(keptNames), kept.toArray(int[][]::new));
    }

    /** The catch-all last group ("other", "outside the bins") appears only when it holds rows. */
    private static Subgroups dropEmptyLast(Subgroups s) {
        int last = s.rows().length - 1;
        if (last < 0 || s.rows()[last].length > 0) return s;
        return new Subgroups(s.names().subList(0, last), Arrays.copyOf(s.rows(), last));
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
