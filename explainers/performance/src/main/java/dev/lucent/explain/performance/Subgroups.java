package dev.lucent.explain.performance;

import dev.lucent.explain.support.Bootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Splits rows into subgroups by one feature: at a threshold ({@code <= t} and {@code > t}), by listed values
 * (each its own group, the rest "other"), or, with neither given, by each distinct value when there are at most
 * {@value #MAX_DISTINCT} of them (e.g. sex coded 1/2) and at the median otherwise.
 */
record Subgroups(List<String> names, int[][] rows) {

    static final int MAX_DISTINCT = 10;

    static Subgroups byThreshold(String feature, double[] values, double threshold) {
        MutableIntList low = new IntArrayList();
        MutableIntList high = new IntArrayList();
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) continue;
            (values[i] <= threshold ? low : high).add(i);
        }
        String t = fmt(threshold);
        return new Subgroups(List.of(feature + " <= " + t, feature + " > " + t), new int[][] {low.toArray(), high.toArray()});
    }

    static Subgroups byValues(String feature, double[] values, double[] chosen) {
        List<String> names = new ArrayList<>();
        List<MutableIntList> groups = new ArrayList<>();
        for (double v : chosen) {
            names.add(feature + " = " + fmt(v));
            groups.add(new IntArrayList());
        }
        MutableIntList other = new IntArrayList();
        for (int i = 0; i < values.length; i++) {
            int g = -1;
            for (int k = 0; k < chosen.length && g < 0; k++) if (values[i] == chosen[k]) g = k;
            (g < 0 ? other : groups.get(g)).add(i);
        }
        if (!other.isEmpty()) {
            names.add(feature + " other");
            groups.add(other);
        }
        int[][] rows = new int[groups.size()][];
        for (int k = 0; k < rows.length; k++) rows[k] = groups.get(k).toArray();
        return new Subgroups(names, rows);
    }

    static Subgroups automatic(String feature, double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) throw new IllegalArgumentException("feature " + feature + " has no values");
        double[] distinct = Arrays.stream(sorted).distinct().toArray();
        if (distinct.length <= MAX_DISTINCT) return byValues(feature, values, distinct);
        return byThreshold(feature, values, Bootstrap.quantile(sorted, 0.5));
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
