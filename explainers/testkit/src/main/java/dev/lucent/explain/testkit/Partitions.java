package dev.lucent.explain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;

/**
 * What a cluster runner does to a {@link PartitionedExplainer} or a {@link PlannedPartitionedExplainer}, done in a
 * test: the rows shuffled, cut into blocks of random sizes (some empty), each summary sent through Java serialization,
 * and the summaries merged in a random order, pair by pair, as partitions come back to a driver (blocks of no rows send
 * the empty summary); a planned explainer's plan serialized too, and its second pass split another way.
 */
public final class Partitions {
    private Partitions() {
    }

    /** The findings from all held-out rows as one block, in their order. */
    public static <S extends Serializable> List<Finding> oneBlock(PartitionedExplainer<S> explainer, AuditContext context) throws Exception {
        return oneBlock(explainer, context, Blocks.heldOut(context));
    }

    /** The findings from all rows of {@code split} as one block, in their order. */
    public static <S extends Serializable> List<Finding> oneBlock(PartitionedExplainer<S> explainer, AuditContext context, DataSplit split)
            throws Exception {
        return explainer.findings(context, explainer.merge(explainer.emptySummary(context),
                explainer.summarize(context, block(context, split, identity(split.rows())))));
    }

    /** Both passes of a planned explainer, each over all rows of {@code split} as one block. */
    public static <F extends Serializable, P extends Serializable, S extends Serializable> List<Finding> oneBlock(
            PlannedPartitionedExplainer<F, P, S> explainer, AuditContext context, DataSplit split) throws Exception {
        RowBlock all = block(context, split, identity(split.rows()));
        P plan = explainer.plan(context, explainer.mergeFirstPass(explainer.emptyFirstPass(context), explainer.firstPass(context, all)));
        return explainer.findings(context, plan, explainer.merge(explainer.emptySummary(context, plan), explainer.summarize(context, plan, all)));
    }

    /** The findings from the held-out rows shuffled and cut into {@code blocks} random blocks, merged in a random order. */
    public static <S extends Serializable> List<Finding> randomBlocks(PartitionedExplainer<S> explainer, AuditContext context, long seed,
                                                                      int blocks) throws Exception {
        return randomBlocks(explainer, context, Blocks.heldOut(context), seed, blocks);
    }

    /** The findings from the rows of {@code split} shuffled and cut into {@code blocks} random blocks, merged in a random order. */
    public static <S extends Serializable> List<Finding> randomBlocks(PartitionedExplainer<S> explainer, AuditContext context, DataSplit split,
                                                                      long seed, int blocks) throws Exception {
        return explainer.findings(context, randomFold(context, split, seed, blocks, explainer.emptySummary(context), explainer::summarize,
                explainer::merge));
    }

    /**
     * Both passes of a planned explainer as a cluster runs them: the first pass over one random split of the rows, the
     * plan sent through serialization, the second pass over another random split.
     */
    public static <F extends Serializable, P extends Serializable, S extends Serializable> List<Finding> randomBlocks(
            PlannedPartitionedExplainer<F, P, S> explainer, AuditContext context, DataSplit split, long seed, int blocks) throws Exception {
        P plan = roundTrip(explainer.plan(context, randomFold(context, split, seed, blocks, explainer.emptyFirstPass(context),
                explainer::firstPass, explainer::mergeFirstPass)));
        return explainer.findings(context, plan, randomFold(context, split, seed + 1000, blocks + 1, explainer.emptySummary(context, plan),
                (c, b) -> explainer.summarize(c, plan, b), explainer::merge));
    }

    /** Findings from one block and from several random splittings agree to the last bit (their full rendering). */
    public static <S extends Serializable> void assertSplitDoesNotMatter(PartitionedExplainer<S> explainer, AuditContext context)
            throws Exception {
        String whole = Fixtures.render(oneBlock(explainer, context));
        assertEquals(whole, Fixtures.render(explainer.explain(context)), explainer.info().id() + ": the single-machine runner's blocks");
        for (long seed = 1; seed <= 3; seed++)
            assertEquals(whole, Fixtures.render(randomBlocks(explainer, context, seed, 2 + (int) seed * 3)),
                    explainer.info().id() + ": rows split with seed " + seed);
    }

    /**
     * For an explainer that reads one split (a data check given a context with that split only): its own
     * {@code explain}, one block, and several random splittings agree to the last bit.
     */
    public static <S extends Serializable> void assertSplitDoesNotMatter(PartitionedExplainer<S> explainer, AuditContext context,
                                                                         DataSplit split) throws Exception {
        String whole = Fixtures.render(oneBlock(explainer, context, split));
        assertEquals(whole, Fixtures.render(explainer.explain(context)), explainer.info().id() + ": the single-machine runner's blocks");
        for (long seed = 1; seed <= 3; seed++)
            assertEquals(whole, Fixtures.render(randomBlocks(explainer, context, split, seed, 2 + (int) seed * 3)),
                    explainer.info().id() + ": rows split with seed " + seed);
    }

    /** The same for a planned explainer: both passes split at random, the plan serialized. */
    public static <F extends Serializable, P extends Serializable, S extends Serializable> void assertSplitDoesNotMatter(
            PlannedPartitionedExplainer<F, P, S> explainer, AuditContext context, DataSplit split) throws Exception {
        String whole = Fixtures.render(oneBlock(explainer, context, split));
        assertEquals(whole, Fixtures.render(explainer.explain(context)), explainer.info().id() + ": the single-machine runner's blocks");
        for (long seed = 1; seed <= 3; seed++)
            assertEquals(whole, Fixtures.render(randomBlocks(explainer, context, split, seed, 2 + (int) seed * 3)),
                    explainer.info().id() + ": rows split with seed " + seed);
    }

    /** One pass's summary of a block. */
    private interface Summarize<S> {
        S of(AuditContext context, RowBlock block) throws Exception;
    }

    /**
     * The rows shuffled, cut into blocks of random sizes (some empty), each summary serialized, merged in a random
     * order pair by pair (an empty partition sends the empty summary).
     */
    private static <S extends Serializable> S randomFold(AuditContext context, DataSplit all, long seed, int blocks, S empty,
                                                         Summarize<S> summarize, BinaryOperator<S> merge) throws Exception {
        int n = all.rows();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] cuts = new int[blocks + 1];
        for (int b = 1; b < blocks; b++) cuts[b] = rng.nextInt(n + 1);
        cuts[blocks] = n;
        Arrays.sort(cuts);
        List<S> summaries = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            int[] rows = Arrays.copyOfRange(order, cuts[b], cuts[b + 1]);
            summaries.add(roundTrip(rows.length == 0 ? roundTrip(empty) : summarize.of(context, block(context, all, rows))));
        }
        summaries.add(roundTrip(empty));
        while (summaries.size() > 1) {
            S a = summaries.remove(rng.nextInt(summaries.size()));
            S b = summaries.remove(rng.nextInt(summaries.size()));
            summaries.add(roundTrip(rng.nextBoolean() ? merge.apply(a, b) : merge.apply(b, a)));
        }
        return summaries.get(0);
    }

    private static RowBlock block(AuditContext context, DataSplit all, int[] rows) {
        DataSplit csv = context.inCsvUnits(all);
        DataSplit picked = pick(all, rows);
        long[] ids = new long[rows.length];
        for (int i = 0; i < rows.length; i++) ids[i] = rows[i];
        Tensor outputs = context.model().predict(picked.features());
        return new RowBlock(ids, picked, csv == all ? picked : pick(csv, rows), outputs);
    }

    /** The given rows of a split, in the given order. */
    static DataSplit pick(DataSplit split, int[] rows) {
        float[] x = split.features().toArray();
        int[] shape = split.features().shape().clone();
        int width = split.rows() == 0 ? 0 : x.length / split.rows();
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) System.arraycopy(x, rows[i] * width, out, i * width, width);
        shape[0] = rows.length;
        int[] labels = split.labels() == null ? null : Arrays.stream(rows).map(r -> split.labels()[r]).toArray();
        float[] targets = null;
        if (split.targets() != null) {
            targets = new float[rows.length];
            for (int i = 0; i < rows.length; i++) targets[i] = split.targets()[rows[i]];
        }
        return new DataSplit(split.name(), Tensor.of(out, shape), labels, targets);
    }

    @SuppressWarnings("unchecked")
    static <S extends Serializable> S roundTrip(S summary) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(summary);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (S) in.readObject();
        }
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
