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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
public final class PermutationImportanceExplainer implements Explainer {

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
        PermutationPlan.Plan plan = plan(context, x, sample, wanted);
        FeatureGroups features = plan.patchSide() > 0 && plan.patchSide() != wantedSide(sample, context)
                ? FeatureGroups.patches(sample[0], sample[1], sample[2], plan.patchSide()) : wanted;
        repeats = plan.repeats();
        x = Data.firstRows(x, plan.rows());
        int n = x.shape()[0];
        int[] labels = split.labels() == null ? null : Arrays.copyOf(split.labels(), n);
        float[] targets = split.targets() == null ? null : Arrays.copyOf(split.targets(), n);
        PermutationImportance.Result r = PermutationImportance.compute(context.model(), x, features, labels, targets, repeats,
                Seeds.derive(context.seed(), INFO.id()), batchRows, Monitor.of(context));
        List<String> names = features.names();
        StringBuilder note = new StringBuilder(String.format(java.util.Locale.ROOT,
                "plan: %d rows, %d shuffles per feature, %d features: %s; uncertainty: half-width of the 95%% t-interval"
                        + " over the shuffles (fewer shuffles widen it; each drop is an accuracy over %d rows, so it moves in steps of %.4f)",
                n, repeats, features.count(), plan.reason(), n, 1.0 / n));
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
            out.add(new ImageHeatmap("Permutation importance per patch", Stage.EXPLANATIONS, "global, " + n + " " + split.name() + " rows",
                    h, w, map, null, "each pixel shows the drop in " + r.scoreName() + " when its patch is shuffled; " + features.described()));
        }
        out.addAll(List.of(
                new FeatureAttribution("Permutation importance: drop in " + r.scoreName() + " when a feature is shuffled",
                        Stage.EXPLANATIONS, "global, " + n + " " + split.name() + " rows", names,
                        r.mean(), r.halfWidth(), note.toString()),
                new Metric("Score the drops are measured from", Stage.EXPLANATIONS, r.scoreName(), r.baselineScore(),
                        Double.NaN, Double.NaN, Double.NaN, n + " " + split.name() + " rows, unshuffled")));
        return out;
    }

    /**
     * The plan from counted work: the engine's FLOPs of one row through the model, at {@link TimeShare}'s fixed rate,
     * against this run's share of the audit budget ({@link PermutationPlan}); the clock is not read, so an audit and its
     * replay shuffle the same rows on any load.
     */
    private static PermutationPlan.Plan plan(AuditContext context, Tensor x, int[] sample, FeatureGroups wanted)
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
