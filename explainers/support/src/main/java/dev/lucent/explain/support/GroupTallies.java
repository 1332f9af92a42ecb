package dev.lucent.explain.support;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * The second pass of the subgroup and fairness explainers: for every grouping of a {@link SubgroupPlan}, each group's
 * row count and its own mergeable tally (counts, exact sums, bootstrap replicates), made only for groups some row fell
 * in, since intersections of many groups are mostly empty. Merging adds counts and merges tallies group by group.
 *
 * @param <T> one group's tally
 */
public final class GroupTallies<T extends Serializable> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[][] sizes;
    private final ArrayList<TreeMap<Integer, T>> tallies = new ArrayList<>();

    public GroupTallies(SubgroupPlan plan) {
        sizes = new long[plan.groupings()][];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = new long[plan.names(k).size()];
            tallies.add(new TreeMap<>());
        }
    }

    /** Counts one row in group {@code g} of grouping {@code k} and returns the group's tally, made when it has none. */
    public T row(int k, int g, Supplier<T> make) {
        sizes[k][g]++;
        return tallies.get(k).computeIfAbsent(g, x -> make.get());
    }

    public GroupTallies<T> merge(GroupTallies<T> other, BinaryOperator<T> mergeOne) {
        for (int k = 0; k < sizes.length; k++) {
            for (int g = 0; g < sizes[k].length; g++) sizes[k][g] += other.sizes[k][g];
            TreeMap<Integer, T> ours = tallies.get(k);
            other.tallies.get(k).forEach((g, t) -> ours.merge(g, t, mergeOne));
        }
        return this;
    }

    public long size(int k, int g) {
        return sizes[k][g];
    }

    /** Group {@code g}'s tally, or {@code empty}'s when no row fell in it. */
    public T get(int k, int g, Supplier<T> empty) {
        T t = tallies.get(k).get(g);
        return t != null ? t : empty.get();
    }

    /** The groups of grouping {@code k} the plan shows, in order. */
    public int[] shown(SubgroupPlan plan, int k) {
        List<Integer> out = new ArrayList<>();
        for (int g = 0; g < sizes[k].length; g++) if (plan.shown(k, g, sizes[k][g])) out.add(g);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
