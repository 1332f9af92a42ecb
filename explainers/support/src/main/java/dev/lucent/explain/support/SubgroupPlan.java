package dev.lucent.explain.support;

import dev.lucent.network.api.DataSplit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The groupings an audit compares, decided once from a first pass over every held-out row and then applied to any
 * block: one {@link Subgroups.Rule} per feature (a single grouping), and, when asked, every pair of them intersected
 * ("sex & age"). What the subgroup and fairness explainers send to every partition; groups are read in the CSV's units.
 */
public final class SubgroupPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<Subgroups.Rule> singles;
    private final int[] columns;
    private final boolean pairs;

    /**
     * @param singles one rule per grouped feature
     * @param columns each rule's feature column
     * @param pairs   whether every pair of singles is also compared, intersected
     */
    public SubgroupPlan(List<Subgroups.Rule> singles, int[] columns, boolean pairs) {
        if (singles.size() != columns.length) throw new IllegalArgumentException(singles.size() + " rules for " + columns.length + " columns");
        this.singles = List.copyOf(singles);
        this.columns = columns.clone();
        this.pairs = pairs;
    }

    /** The first pass: the distinct values of each grouped column, merged across blocks. */
    public static final class Columns implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TreeMap<Integer, ColumnValues> byColumn = new TreeMap<>();

        /** The block's values (in the CSV's units) of each listed column. */
        public static Columns of(DataSplit inCsvUnits, int[] columns) {
            Columns c = new Columns();
            for (int column : columns) c.byColumn.putIfAbsent(column, ColumnValues.of(Subgroups.column(inCsvUnits, column)));
            return c;
        }

        public Columns merge(Columns other) {
            other.byColumn.forEach((column, values) -> byColumn.merge(column, values, ColumnValues::merge));
            return this;
        }

        /** A column's values over the rows merged; none when no row was seen. */
        public ColumnValues get(int column) {
            return byColumn.getOrDefault(column, ColumnValues.empty());
        }
    }

    /** Single groupings first, then the pairs in order (1 & 2, 1 & 3, ..., 2 & 3, ...). */
    public int groupings() {
        int s = singles.size();
        return pairs ? s + s * (s - 1) / 2 : s;
    }

    /** How many groupings are single features (the rest are pairs). */
    public int singles() {
        return singles.size();
    }

    private int[] pair(int k) {
        int s = singles.size(), at = s;
        for (int i = 0; i < s; i++)
            for (int j = i + 1; j < s; j++)
                if (at++ == k) return new int[] {i, j};
        throw new IndexOutOfBoundsException(k);
    }

    /** The grouping's name: the feature, or "a & b". */
    public String name(int k) {
        if (k < singles.size()) return singles.get(k).feature();
        int[] p = pair(k);
        return singles.get(p[0]).feature() + " & " + singles.get(p[1]).feature();
    }

    /** Every group of grouping {@code k}, before empty ones are dropped ({@link #shown}). */
    public List<String> names(int k) {
        if (k < singles.size()) return singles.get(k).names();
        int[] p = pair(k);
        List<String> out = new ArrayList<>();
        for (String x : singles.get(p[0]).names()) for (String y : singles.get(p[1]).names()) out.add(x + " & " + y);
        return out;
    }

    /** Each row's group in every grouping ({@code [grouping][row]}, -1 for none), from the rows in the CSV's units. */
    public int[][] groupsOf(DataSplit inCsvUnits) {
        int n = inCsvUnits.rows();
        int[][] g = new int[groupings()][n];
        for (int k = 0; k < singles.size(); k++) {
            double[] values = Subgroups.column(inCsvUnits, columns[k]);
            for (int i = 0; i < n; i++) g[k][i] = singles.get(k).group(values[i]);
        }
        for (int k = singles.size(); k < g.length; k++) {
            int[] p = pair(k);
            int nb = singles.get(p[1]).names().size();
            for (int i = 0; i < n; i++) g[k][i] = g[p[0]][i] < 0 || g[p[1]][i] < 0 ? -1 : g[p[0]][i] * nb + g[p[1]][i];
        }
        return g;
    }

    /** Grouping {@code k}'s shown groups with their rows, from each row's group as {@link #groupsOf} gives them. */
    public Subgroups subgroups(int k, int[][] groups) {
        return Subgroups.of(names(k), groups[k], (g, rows) -> shown(k, g, rows));
    }

    /** Whether group {@code g} of grouping {@code k}, of {@code rows} rows, is shown: intersections only when they hold rows. */
    public boolean shown(int k, int g, long rows) {
        return k < singles.size() ? singles.get(k).kept(g, rows) : rows > 0;
    }
}
