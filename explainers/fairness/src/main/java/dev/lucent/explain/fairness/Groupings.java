package dev.lucent.explain.fairness;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The groupings an audit compares: each sensitive attribute named for it (the parameter {@code sensitive}), then
 * each pair of them intersected ("sex & age"), always over the rows in the CSV's units. A group is judged only
 * when it has at least {@code min-group-rows} rows (default {@value #MIN_GROUP_ROWS}); smaller groups are listed
 * and said to be too small, never silently judged or silently dropped.
 */
record Groupings(List<Grouping> all, int attributes, int minRows) {

    /** Below this many rows a group's rates swing by more than 0.1 from one case (binomial standard error ~0.09 at p = 0.5). */
    static final int MIN_GROUP_ROWS = 30;

    /**
     * What {@link #of} reads, declared by every fairness explainer. {@code sensitive} is declared, not refused: the runner
     * hands the audit's attributes ({@code --sensitive}) over as this parameter and records them with the parameters, so
     * a replay gives it back, and an explainer's own {@code --param group-fairness.sensitive=...} wins over the audit's.
     */
    static List<Parameter> parameters() {
        return List.of(Parameter.text("sensitive", "the audit's sensitive attributes (--sensitive)",
                        "the attributes whose groups are compared, e.g. sex;age:<40,40-65,>65 (overrides the audit's for this explainer)"),
                Parameter.whole("min-group-rows", Integer.toString(MIN_GROUP_ROWS), 1, "groups with fewer rows are listed but not judged"));
    }

    /** One grouping: its name ("sex", "sex & age") and its groups. */
    record Grouping(String name, Subgroups groups) {

        /** Indices of the groups with enough rows to judge. */
        int[] judged(int minRows) {
            int[] out = new int[groups.rows().length];
            int k = 0;
            for (int g = 0; g < groups.rows().length; g++) if (groups.rows()[g].length >= minRows) out[k++] = g;
            return Arrays.copyOf(out, k);
        }

        /** The groups too small to judge, in words ("sex = 3 (4 rows)"); empty when none. */
        String tooSmall(int minRows) {
            List<String> small = new ArrayList<>();
            for (int g = 0; g < groups.rows().length; g++)
                if (groups.rows()[g].length < minRows) small.add(groups.names().get(g) + " (" + groups.rows()[g].length + " rows)");
            return String.join(", ", small);
        }

        /** The smallest group, in words: "sex = 2, 48 rows". */
        String smallest() {
            int best = 0;
            for (int g = 1; g < groups.rows().length; g++) if (groups.rows()[g].length < groups.rows()[best].length) best = g;
            return groups.names().get(best) + ", " + groups.rows()[best].length + " rows";
        }
    }

    static Groupings of(AuditContext context, DataSplit split) {
        List<SensitiveAttribute> attributes = SensitiveAttribute.parseAll(context.parameter("sensitive", ""));
        if (attributes.isEmpty())
            throw new IllegalArgumentException("parameter sensitive: no sensitive attributes named (e.g. sex,age:<40,40-65,>65)");
        int minRows = context.intParameter("min-group-rows", MIN_GROUP_ROWS);
        if (minRows < 1) throw new IllegalArgumentException("parameter min-group-rows must be at least 1, got " + minRows);
        DataSplit csv = context.inCsvUnits(split); // the user's values and bins are in the CSV's units
        List<String> features = context.schema().featureNames();
        List<Grouping> singles = new ArrayList<>();
        for (SensitiveAttribute a : attributes) {
            int column = features.indexOf(a.column());
            if (column < 0)
                throw new IllegalArgumentException("sensitive attribute " + a.column() + ": no such feature among " + features);
            singles.add(new Grouping(a.column(), Subgroups.of(a, Subgroups.column(csv, column))));
        }
        List<Grouping> all = new ArrayList<>(singles);
        for (int i = 0; i < singles.size(); i++)
            for (int j = i + 1; j < singles.size(); j++)
                all.add(new Grouping(singles.get(i).name() + " & " + singles.get(j).name(),
                        Subgroups.intersect(singles.get(i).groups(), singles.get(j).groups(), split.rows())));
        return new Groupings(List.copyOf(all), singles.size(), minRows);
    }

    /** The resampled rows cut back into their groups: a stratified resample keeps each group's size, in group order. */
    static List<int[]> slices(int[][] groups, int[] resampled) {
        List<int[]> out = new ArrayList<>();
        int at = 0;
        for (int[] g : groups) {
            out.add(Arrays.copyOfRange(resampled, at, at + g.length));
            at += g.length;
        }
        return out;
    }

    /** The attributes only, without their intersections. */
    List<Grouping> singles() {
        return all.subList(0, attributes);
    }
}
