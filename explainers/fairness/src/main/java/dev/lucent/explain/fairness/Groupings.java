package dev.lucent.explain.fairness;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.explain.support.GroupTallies;
import dev.lucent.explain.support.SubgroupPlan;
import dev.lucent.explain.support.Subgroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The groupings an audit compares: each sensitive attribute named for it (the parameter {@code sensitive}), then
 * each pair of them intersected ("sex & age"), always over the rows in the CSV's units. The groups come from a first
 * pass over every held-out row ({@link #plan}: categories and quantile edges from the columns' distinct values, exact).
 * A group is judged only when it has at least {@code min-group-rows} rows (default {@value #MIN_GROUP_ROWS}); smaller
 * groups are listed and said to be too small, never silently judged or silently dropped.
 */
final class Groupings {

    /** Below this many rows a group's rates swing by more than 0.1 from one case (binomial standard error ~0.09 at p = 0.5). */
    static final int MIN_GROUP_ROWS = 30;

    private Groupings() {
    }

    /**
     * What {@link #plan} reads, declared by every fairness explainer. {@code sensitive} is declared, not refused: the runner
     * hands the audit's attributes ({@code --sensitive}) over as this parameter and records them with the parameters, so
     * a replay gives it back, and an explainer's own {@code --param group-fairness.sensitive=...} wins over the audit's.
     */
    static List<Parameter> parameters() {
        return List.of(Parameter.text("sensitive", "the audit's sensitive attributes (--sensitive)",
                        "the attributes whose groups are compared, e.g. sex;age:<40,40-65,>65 (overrides the audit's for this explainer)"),
                Parameter.whole("min-group-rows", Integer.toString(MIN_GROUP_ROWS), 1, "groups with fewer rows are listed but not judged"));
    }

    /** The columns the first pass reads: the attributes' that name features (the plan refuses the rest, by name). */
    static int[] columns(AuditContext context) {
        List<SensitiveAttribute> attributes;
        try {
            attributes = SensitiveAttribute.parseAll(context.parameter("sensitive", ""));
        } catch (IllegalArgumentException e) {
            return new int[0];
        }
        List<String> features = context.schema().featureNames();
        return attributes.stream().mapToInt(a -> features.indexOf(a.column())).filter(c -> c >= 0).distinct().toArray();
    }

    /**
     * Why an explainer is not run, in the single-machine runner's words, when the audit does not meet its needs (no
     * sensitive attributes named: a cluster runner runs every explainer it is asked for); null when it does.
     */
    static String notRun(dev.lucent.explain.api.Explainer explainer, AuditContext context) {
        return explainer.info().unmetNeed(context).map(need -> "explainer " + explainer.info().id() + " was not run: it " + need + ".")
                .orElse(null);
    }

    /** Each attribute's groups from the first pass, and every pair of them intersected. */
    static SubgroupPlan plan(AuditContext context, SubgroupPlan.Columns first) {
        List<SensitiveAttribute> attributes = SensitiveAttribute.parseAll(context.parameter("sensitive", ""));
        if (attributes.isEmpty())
            throw new IllegalArgumentException("parameter sensitive: no sensitive attributes named (e.g. sex,age:<40,40-65,>65)");
        minRows(context);
        List<String> features = context.schema().featureNames();
        List<Subgroups.Rule> rules = new ArrayList<>();
        int[] columns = new int[attributes.size()];
        for (int i = 0; i < columns.length; i++) {
            SensitiveAttribute a = attributes.get(i);
            columns[i] = features.indexOf(a.column());
            if (columns[i] < 0)
                throw new IllegalArgumentException("sensitive attribute " + a.column() + ": no such feature among " + features);
            rules.add(Subgroups.Rule.of(a, first.get(columns[i])));
        }
        return new SubgroupPlan(rules, columns, true);
    }

    static int minRows(AuditContext context) {
        int minRows = context.intParameter("min-group-rows", MIN_GROUP_ROWS);
        if (minRows < 1) throw new IllegalArgumentException("parameter min-group-rows must be at least 1, got " + minRows);
        return minRows;
    }

    /**
     * One grouping as the findings show it: its name ("sex", "sex & age"), its shown groups' names and rows, and
     * where each group's tally is ({@code slots}, the group's index in the plan).
     */
    record Grouping(String name, List<String> names, long[] sizes, int[] slots) {

        static Grouping of(SubgroupPlan plan, int k, GroupTallies<?> tallies) {
            int[] shown = tallies.shown(plan, k);
            List<String> all = plan.names(k);
            long[] sizes = new long[shown.length];
            List<String> names = new ArrayList<>();
            for (int i = 0; i < shown.length; i++) {
                names.add(all.get(shown[i]));
                sizes[i] = tallies.size(k, shown[i]);
            }
            return new Grouping(plan.name(k), List.copyOf(names), sizes, shown);
        }

        /** From groups whose rows are at hand (one machine). */
        static Grouping of(String name, Subgroups groups) {
            return new Grouping(name, groups.names(), Arrays.stream(groups.rows()).mapToLong(r -> r.length).toArray(),
                    java.util.stream.IntStream.range(0, groups.names().size()).toArray());
        }

        /** Indices of the groups with enough rows to judge. */
        int[] judged(int minRows) {
            return java.util.stream.IntStream.range(0, sizes.length).filter(g -> sizes[g] >= minRows).toArray();
        }

        /** The groups too small to judge, in words ("sex = 3 (4 rows)"); empty when none. */
        String tooSmall(int minRows) {
            List<String> small = new ArrayList<>();
            for (int g = 0; g < sizes.length; g++) if (sizes[g] < minRows) small.add(names.get(g) + " (" + sizes[g] + " rows)");
            return String.join(", ", small);
        }

        /** The smallest group, in words: "sex = 2, 48 rows". */
        String smallest() {
            if (sizes.length == 0) return "none";
            int best = 0;
            for (int g = 1; g < sizes.length; g++) if (sizes[g] < sizes[best]) best = g;
            return names.get(best) + ", " + sizes[best] + " rows";
        }
    }
}
