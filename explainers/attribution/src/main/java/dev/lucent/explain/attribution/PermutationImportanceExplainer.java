package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.api.partition.ExactSum;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.attribution.core.PermutationImportance;
import dev.lucent.explain.attribution.core.PermutationPlan;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.osgi.service.component.annotations.Component;

/**
 * Permutation importance on the held-out split (the training split if there is none). Parameters:
 * {@code repeats} (30), {@code rows} (1000), for images {@code patch} (pixels per patch side; default a seventh of
 * the shorter side, 0 for every value alone): an image's features are its patches ({@link FeatureGroups}). Rows,
 * shuffles and patches left at their defaults are cut to fit its share of the audit budget, from the counted cost of
 * one row through the model ({@link PermutationPlan}); the finding's note states the plan and why. A
 * feature whose shuffles all scored alike gets no interval (NaN) and a note saying how many shuffles showed no
 * change, not a zero-width interval.
 */
@Component(service = Explainer.class)
public final class PermutationImportanceExplainer implements Explainer, PlannedPartitionedExplainer<
        PermutationImportanceExplainer.Collected, PermutationImportanceExplainer.Shuffles, PermutationImportanceExplainer.Counts> {

    static final ExplainerInfo INFO = new ExplainerInfo("permutation-importance", "Permutation importance", "1.0.0",
            "feature attribution",
            "How much the model's score drops when one feature's values are shuffled between rows: features the model "
                    + "relies on cost it accuracy when scrambled.",
            Set.of(ExplainerInfo.Need.LABELS),
            List.of(Parameter.whole("rows", "1000, fewer if its share of the audit budget needs", 1,
                            "held-out rows scored (the first ones); when not given, cut to fit its share of the audit budget (at least 200)"),
                    Parameter.whole("repeats", "30, fewer if its share of the audit budget needs", 1,
                            "shuffles per feature; when not given, cut to fit its share of the audit budget (at least 10) after the rows"),
                    Parameters.patch(), Parameters.batchSize()));

    static final int DEFAULT_ROWS = 1000;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DataSplit split = Data.evaluationSplit(context);
        boolean regression = context.model().outputKind() == OutputKind.REGRESSION;
        if (regression ? split.targets() == null : split.labels() == null)
            return List.of(new Verdict("Permutation importance", Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    "The " + split.name() + " split has no " + (regression ? "targets" : "labels") + " to score the model against.",
                    List.of(), "Provide a labelled held-out split."));
        int rows = context.intParameter("rows", DEFAULT_ROWS);
        int repeats = context.intParameter("repeats", PermutationImportance.DEFAULT_REPEATS);
        Tensor x = Data.firstRows(split.features(), rows);
        Batching.requireWithinBudget(context.memoryBudgetBytes(), 8L * repeats * Data.sampleSize(x.shape()),
                "parameter repeats (" + repeats + ")");
        Data.requireCompatible(context.model(), x);
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        int batchRows = Batching.rows(context, Data.sampleSize(x.shape()));
        FeatureGroups wanted = FeatureGroups.of(context, sample, context.schema().featureNames());
        PermutationPlan.Plan plan = budgetPlan(context, x, sample, wanted);
        FeatureGroups features = plan.patchSide() > 0 && plan.patchSide() != wantedSide(sample, context)
                ? FeatureGroups.patches(sample[0], sample[1], sample[2], plan.patchSide()) : wanted;
        repeats = plan.repeats();
        x = Data.firstRows(x, plan.rows());
        int n = x.shape()[0];
        int[] labels = split.labels() == null ? null : Arrays.copyOf(split.labels(), n);
        float[] targets = split.targets() == null ? null : Arrays.copyOf(split.targets(), n);
        PermutationImportance.Result r = PermutationImportance.compute(context.model(), x, features, labels, targets, repeats,
                Seeds.derive(context.seed(), INFO.id()), batchRows, Monitor.of(context));
        return report(split.name(), n, repeats, features, sample, plan.reason(), r);
    }

    // ---- partitioned (Spark): the same plan, the same permutations (by row id), per-row scores summed exactly ----

    /**
     * Rows the partitioned path keeps for the plan at most: the first pass collects the rows whose id is below
     * {@code rows} (their features, 4 bytes a value), and the plan sends them with every shuffle's donors (4 bytes a
     * row per feature and shuffle) to every partition; past this many rows the audit is refused (exit 2 on Spark).
     */
    public static final int MAX_ROWS_PARTITIONED = 20_000;

    /** The first pass: the features of the rows scored (ids below {@code rows}, at most one past the cap), by id. */
    public record Collected(TreeMap<Long, float[]> rows, String split) implements Serializable {
    }

    /**
     * The plan: the first {@code n} rows' features ({@code n x m}, row id order), and for each feature and shuffle the
     * id of the row whose value each row takes ({@code donors[(feature * repeats + repeat) * n + id]}).
     */
    public record Shuffles(int n, int repeats, int m, float[] x, int[][] members, int[] donors, String split, String reason)
            implements Serializable {
    }

    /** The second pass: correct predictions (classifier) or exact sums of squared errors (regression), unshuffled and per shuffle. */
    public record Counts(long rows, long[] correct, ExactSum[] squared) implements Serializable {
    }

    private static int wantedRows(AuditContext context) {
        return context.intParameter("rows", DEFAULT_ROWS);
    }

    @Override
    public Collected emptyFirstPass(AuditContext context) {
        return new Collected(new TreeMap<>(), null);
    }

    @Override
    public Collected firstPass(AuditContext context, RowBlock block) {
        long keep = Math.min((long) wantedRows(context), MAX_ROWS_PARTITIONED + 1L);
        Tensor x = block.rows().features();
        int m = Data.sampleSize(x.shape());
        float[] values = x.toArray();
        TreeMap<Long, float[]> rows = new TreeMap<>();
        for (int i = 0; i < block.size(); i++)
            if (block.rowIds()[i] < keep) rows.put(block.rowIds()[i], Arrays.copyOfRange(values, i * m, (i + 1) * m));
        return new Collected(rows, block.rows().name());
    }

    @Override
    public Collected mergeFirstPass(Collected a, Collected b) {
        a.rows().putAll(b.rows());
        String split = a.split() == null ? b.split() : b.split() == null ? a.split() : a.split().compareTo(b.split()) <= 0 ? a.split() : b.split();
        return new Collected(a.rows(), split);
    }

    @Override
    public Shuffles plan(AuditContext context, Collected first) throws AuditCancelledException {
        if (first.rows().size() > MAX_ROWS_PARTITIONED)
            throw new IllegalArgumentException("permutation importance on partitioned data scores at most " + MAX_ROWS_PARTITIONED
                    + " rows (every row's value must reach the row it is shuffled to); give rows=" + MAX_ROWS_PARTITIONED + " or fewer");
        int n = first.rows().size();
        if (n == 0) throw new IllegalArgumentException("permutation importance has no rows to score");
        if (first.rows().lastKey() != n - 1)
            throw new IllegalStateException("permutation importance collected " + n + " rows with ids up to " + first.rows().lastKey());
        int m = first.rows().firstEntry().getValue().length;
        float[] x = new float[n * m];
        int at = 0;
        for (float[] row : first.rows().values()) System.arraycopy(row, 0, x, m * at++, m);
        int[] sample = {m};
        Tensor rows = Tensor.of(x, n, m);
        FeatureGroups features = FeatureGroups.of(context, sample, context.schema().featureNames());
        PermutationPlan.Plan plan = budgetPlan(context, rows, sample, features);
        n = plan.rows();
        int repeats = plan.repeats(), g = features.count();
        long seed = Seeds.derive(context.seed(), INFO.id());
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        int[] donors = new int[g * repeats * n];
        for (int j = 0; j < g; j++)
            for (int r = 0; r < repeats; r++)
                System.arraycopy(PermutationImportance.donors(seed, j, r, ids), 0, donors, (j * repeats + r) * n, n);
        return new Shuffles(n, repeats, m, Arrays.copyOf(x, n * m), features.members(), donors, first.split(), plan.reason());
    }

    @Override
    public Counts emptySummary(AuditContext context, Shuffles plan) {
        int cells = 1 + plan.members().length * plan.repeats();
        ExactSum[] squared = new ExactSum[cells];
        for (int c = 0; c < cells; c++) squared[c] = new ExactSum();
        return new Counts(0, new long[cells], squared);
    }

    @Override
    public Counts summarize(AuditContext context, Shuffles plan, RowBlock block) throws AuditCancelledException {
        Counts counts = emptySummary(context, plan);
        int m = plan.m(), n = plan.n(), repeats = plan.repeats();
        int[] at = java.util.stream.IntStream.range(0, block.size()).filter(i -> block.rowIds()[i] < n).toArray();
        if (at.length == 0) return counts;
        int b = at.length;
        float[] mine = new float[b * m];
        int[] ids = new int[b];
        for (int i = 0; i < b; i++) {
            ids[i] = (int) block.rowIds()[at[i]];
            System.arraycopy(plan.x(), ids[i] * m, mine, i * m, m);
        }
        int[] sample = {m};
        int batchRows = Batching.rows(context, m);
        boolean regression = context.model().outputKind() == OutputKind.REGRESSION;
        int[] labels = block.rows().labels();
        float[] targets = block.rows().targets();
        float[] base = Data.predictRaw(context.model(), mine, sample, b, batchRows, Monitor.NONE);
        score(context, counts, 0, base, b, at, labels, targets, regression);
        for (int j = 0; j < plan.members().length; j++) {
            context.checkCancelled();
            float[] batch = new float[repeats * b * m];
            for (int r = 0; r < repeats; r++) {
                int[] donors = Arrays.copyOfRange(plan.donors(), (j * repeats + r) * n, (j * repeats + r + 1) * n);
                for (int i = 0; i < b; i++) {
                    int to = (r * b + i) * m;
                    System.arraycopy(mine, i * m, batch, to, m);
                    for (int v : plan.members()[j]) batch[to + v] = plan.x()[donors[ids[i]] * m + v];
                }
            }
            float[] out = Data.predictRaw(context.model(), batch, sample, repeats * b, batchRows, Monitor.NONE);
            int k = out.length / (repeats * b);
            for (int r = 0; r < repeats; r++)
                score(context, counts, 1 + j * repeats + r, Arrays.copyOfRange(out, r * b * k, (r + 1) * b * k), b, at, labels, targets, regression);
        }
        return new Counts(b, counts.correct(), counts.squared());
    }

    private static void score(AuditContext context, Counts counts, int cell, float[] out, int b, int[] at, int[] labels, float[] targets,
                              boolean regression) {
        int k = out.length / b;
        for (int i = 0; i < b; i++) {
            if (regression) counts.squared()[cell].add(PermutationImportance.squaredError(out, i, k, targets[at[i]]));
            else if (PermutationImportance.correct(context.model().outputKind(), out, i, k, labels[at[i]])) counts.correct()[cell]++;
        }
    }

    @Override
    public Counts merge(Counts a, Counts b) {
        for (int c = 0; c < a.correct().length; c++) {
            a.correct()[c] += b.correct()[c];
            a.squared()[c].merge(b.squared()[c]);
        }
        return new Counts(a.rows() + b.rows(), a.correct(), a.squared());
    }

    @Override
    public List<Finding> findings(AuditContext context, Shuffles plan, Counts counts) throws AuditCancelledException {
        int n = plan.n(), repeats = plan.repeats(), g = plan.members().length;
        if (counts.rows() != n)
            throw new IllegalStateException("permutation importance scored " + counts.rows() + " rows of the " + n + " planned");
        boolean regression = context.model().outputKind() == OutputKind.REGRESSION;
        double base = regression ? -counts.squared()[0].value() / n : (double) counts.correct()[0] / n;
        double[][] drops = new double[g][repeats];
        for (int j = 0; j < g; j++)
            for (int r = 0; r < repeats; r++) {
                int c = 1 + j * repeats + r;
                drops[j][r] = base - (regression ? -counts.squared()[c].value() / n : (double) counts.correct()[c] / n);
            }
        int[] sample = {plan.m()};
        FeatureGroups features = FeatureGroups.of(context, sample, context.schema().featureNames());
        return report(plan.split(), n, repeats, features, sample, plan.reason(), PermutationImportance.result(!regression, base, drops));
    }

    /** The findings of a result: one machine's and the partitioned path's alike. */
    private static List<Finding> report(String splitName, int n, int repeats, FeatureGroups features, int[] sample, String reason,
                                        PermutationImportance.Result r) {
        List<String> names = features.names();
        StringBuilder note = new StringBuilder(String.format(java.util.Locale.ROOT,
                "plan: %d rows, %d shuffles per feature, %d features: %s; uncertainty: half-width of the 95%% t-interval"
                        + " over the shuffles (fewer shuffles widen it; each drop is an accuracy over %d rows, so it moves in steps of %.4f)",
                n, repeats, features.count(), reason, n, 1.0 / n));
        if (!features.single()) note.append("; ").append(features.described());
        List<String> alike = new java.util.ArrayList<>();
        for (int j = 0; j < r.mean().length; j++)
            if (PermutationImportance.alike(r.drops()[j]))
                alike.add(PermutationImportance.alikeNote(names.get(j), r.mean()[j], repeats));
        if (!alike.isEmpty()) note.append("; no interval where every shuffle scored alike: ").append(String.join("; ", alike));
        List<Finding> out = new ArrayList<>();
        if (sample.length == 3) { // each pixel shows its patch's drop
            int h = sample[1], w = sample[2];
            double[] map = new double[h * w];
            for (int g = 0; g < features.count(); g++)
                for (int v : features.members()[g]) if (v < h * w) map[v] = r.mean()[g];
            out.add(new ImageHeatmap("Permutation importance per patch", Stage.EXPLANATIONS, "global, " + n + " " + splitName + " rows",
                    h, w, map, null, "each pixel shows the drop in " + r.scoreName() + " when its patch is shuffled; " + features.described()));
        }
        out.addAll(List.of(
                new FeatureAttribution("Permutation importance: drop in " + r.scoreName() + " when a feature is shuffled",
                        Stage.EXPLANATIONS, "global, " + n + " " + splitName + " rows", names,
                        r.mean(), r.halfWidth(), note.toString()),
                new Metric("Score the drops are measured from", Stage.EXPLANATIONS, r.scoreName(), r.baselineScore(),
                        Double.NaN, Double.NaN, Double.NaN, n + " " + splitName + " rows, unshuffled")));
        return out;
    }

    /**
     * The plan from counted work: the engine's FLOPs of one row through the model, at {@link TimeShare}'s fixed rate,
     * against this run's share of the audit budget ({@link PermutationPlan}); the clock is not read, so an audit and its
     * replay shuffle the same rows on any load.
     */
    private static PermutationPlan.Plan budgetPlan(AuditContext context, Tensor x, int[] sample, FeatureGroups wanted)
            throws AuditCancelledException {
        double flopsPerRow = TimeShare.forwardFlopsPerRow(context.model(), x.toArray(), sample);
        boolean image = sample.length == 3 && !wanted.single();
        int side = image ? wantedSide(sample, context) : 0;
        IntUnaryOperator count = image ? s -> Math.max(1, sample[1] / s) * Math.max(1, sample[2] / s) : s -> wanted.count();
        PermutationPlan.Wanted w = new PermutationPlan.Wanted(x.shape()[0], context.parameters().containsKey("rows"),
                context.intParameter("repeats", PermutationImportance.DEFAULT_REPEATS), context.parameters().containsKey("repeats"),
                side, context.parameters().containsKey("patch"), count, image ? Math.max(sample[1], sample[2]) : 0);
        return PermutationPlan.choose(flopsPerRow, TimeShare.seconds(context), w);
    }

    private static int wantedSide(int[] sample, AuditContext context) {
        return sample.length == 3 ? context.intParameter("patch", FeatureGroups.defaultSide(sample[1], sample[2])) : 0;
    }

}
