package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Per-feature drift of the current data from the reference: each feature's test, PSI, Jensen-Shannon and Wasserstein
 * distances, p-values corrected for the number of features compared (Benjamini-Hochberg), ranked by effect size. The
 * label is compared too when both sides have one (a change of class priors). Two passes that merge, so the same
 * class serves one machine and Spark: the first finds each column's distinct values (or, past a cap, bins placed by a
 * seeded sample of reference rows), the second counts both sides in those bins; every test is read off the counts.
 */
@Component(service = Explainer.class)
public final class FeatureDriftExplainer implements CurrentDataPartitionedExplainer<ColumnSketch, ColumnCounts.Plan, ColumnCounts> {

    static final ExplainerInfo INFO = new ExplainerInfo("feature-drift", "Feature drift", "1.0.0", "drift",
            "Whether each feature of the current data is still distributed as in the reference data the model was built on, "
                    + "ranked by how far it moved.", Set.of(ExplainerInfo.Need.CURRENT_DATA),
            List.of(Verdicts.ALPHA, Parameter.whole("max-categories", "10", 2,
                    "a feature with at most this many distinct whole-number values is compared as categorical (chi-squared), else as numeric (KS)")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    /** On one machine: the training and test rows as the reference, against the current data, in blocks. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DataSplit current = context.current().orElse(null);
        if (current == null) return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit was given no current data."));
        List<DataSplit> reference = new ArrayList<>(List.of(context.train()));
        context.test().filter(t -> t != context.train()).ifPresent(reference::add);
        return Blocks.explain(this, context, reference, current, false);
    }

    @Override
    public ColumnSketch emptyFirstPass(AuditContext context) {
        return new ColumnSketch(context.schema().featureNames().size(), maxCategories(context) + 1);
    }

    @Override
    public ColumnSketch firstPass(AuditContext context, RowBlock block) {
        return emptyFirstPass(context).add(DriftData.columns(block, context), block.rowIds(), false, context.seed());
    }

    @Override
    public ColumnSketch firstPassOfCurrent(AuditContext context, RowBlock block) {
        return emptyFirstPass(context).add(DriftData.columns(block, context), block.rowIds(), true, context.seed());
    }

    @Override
    public ColumnSketch mergeFirstPass(ColumnSketch a, ColumnSketch b) {
        return a.merge(b);
    }

    @Override
    public ColumnCounts.Plan plan(AuditContext context, ColumnSketch firstPass) {
        return ColumnCounts.Plan.of(firstPass, maxCategories(context));
    }

    @Override
    public ColumnCounts emptySummary(AuditContext context, ColumnCounts.Plan plan) {
        return new ColumnCounts(plan, context.schema().classNames().size());
    }

    @Override
    public ColumnCounts summarize(AuditContext context, ColumnCounts.Plan plan, RowBlock block) {
        return emptySummary(context, plan).add(plan, DriftData.columns(block, context), block.rows().labels(), false);
    }

    @Override
    public ColumnCounts summarizeCurrent(AuditContext context, ColumnCounts.Plan plan, RowBlock block) {
        return emptySummary(context, plan).add(plan, DriftData.columns(block, context), block.rows().labels(), true);
    }

    @Override
    public ColumnCounts merge(ColumnCounts a, ColumnCounts b) {
        return a.merge(b);
    }

    private static int maxCategories(AuditContext context) {
        int maxCategories = context.intParameter("max-categories", 10);
        if (maxCategories < 2) throw new IllegalArgumentException("parameter max-categories must be at least 2, got " + maxCategories);
        return maxCategories;
    }

    @Override
    public List<Finding> findings(AuditContext context, ColumnCounts.Plan plan, ColumnCounts counts) {
        double alpha = Verdicts.alpha(context);
        List<FeatureDrift> all = new ArrayList<>();
        List<String> names = context.schema().featureNames();
        for (int j = 0; j < names.size(); j++)
            all.add(FeatureDrift.of(names.get(j), plan.edges()[j], counts.reference[j], counts.current[j], plan.categorical()[j], counts.sd(j)));
        boolean labels = counts.labelled();
        if (labels) {
            double[] classes = new double[context.schema().classNames().size()];
            for (int k = 0; k < classes.length; k++) classes[k] = k;
            all.add(FeatureDrift.of("label: " + context.schema().labelName(), classes, counts.referenceLabels, counts.currentLabels, true, 0));
        }
        double[] p = all.stream().mapToDouble(f -> f.test().p()).toArray();
        double[] adj = TwoSample.benjaminiHochberg(p);
        List<FeatureDrift> ranked = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) ranked.add(all.get(j).adjusted(adj[j]));
        ranked.sort(Comparator.comparingDouble(FeatureDrift::effect).reversed().thenComparing(FeatureDrift::feature));

        List<List<String>> rows = new ArrayList<>();
        for (FeatureDrift f : ranked)
            rows.add(List.of(f.feature(), f.categorical() ? "categorical" : "numeric", Verdicts.fmt(f.effect()),
                    (f.categorical() ? "chi2 " : "KS ") + Verdicts.fmt(f.test().statistic()) + (f.categorical() ? " (df " + f.test().df() + ")" : ""),
                    Verdicts.p(f.test().p()), Verdicts.p(f.adjustedP()), Verdicts.fmt(f.psi()), Verdicts.fmt(f.jensenShannon()),
                    Verdicts.fmt(f.wasserstein()), f.adjustedP() < alpha ? "drifted" : ""));
        Table table = new Table("Feature drift, largest effect first", Stage.DEPLOYMENT_READINESS,
                List.of("feature", "kind", "effect size", "test statistic", "p-value", "BH-adjusted p", "PSI", "Jensen-Shannon distance",
                        "Wasserstein (CSV units)", "at level " + Verdicts.fmt(alpha)),
                rows, counts.referenceRows + " reference rows, " + counts.currentRows + " current rows. "
                + "Effect size: Wasserstein distance over the reference's standard deviation (numeric), Cramér's V (categorical). "
                + "PSI and Jensen-Shannon (base 2) on the reference's deciles or the categories; Wasserstein in the CSV's units. "
                + binned(plan, names)
                + "p-values adjusted for " + all.size() + " comparisons (Benjamini-Hochberg).");

        List<FeatureDrift> drifted = ranked.stream().filter(f -> f.adjustedP() < alpha).toList();
        List<String> evidence = new ArrayList<>();
        for (FeatureDrift f : drifted.subList(0, Math.min(5, drifted.size())))
            evidence.add(f.feature() + ": effect " + Verdicts.fmt(f.effect()) + ", adjusted p " + Verdicts.p(f.adjustedP())
                    + ", PSI " + Verdicts.fmt(f.psi()) + ", Wasserstein " + Verdicts.fmt(f.wasserstein()));
        if (drifted.size() > 5) evidence.add("and " + (drifted.size() - 5) + " more");
        Verdict v = drifted.isEmpty()
                ? new Verdict(INFO.name(), Stage.DEPLOYMENT_READINESS, Verdict.Outcome.PASS, "No feature" + (labels ? " or label" : "")
                + " drifted at false discovery rate " + Verdicts.fmt(alpha) + "; the largest effect is " + ranked.get(0).feature()
                + " (" + Verdicts.fmt(ranked.get(0).effect()) + ").", List.of(), "")
                : new Verdict(INFO.name(), Stage.DEPLOYMENT_READINESS, Verdict.Outcome.FAIL, drifted.size() + " of " + all.size()
                + " compared columns drifted at false discovery rate " + Verdicts.fmt(alpha) + "; the largest effect is "
                + drifted.get(0).feature() + ".", evidence,
                "Find out why the current data differs (a new site, device, population or coding) before trusting the model on it; "
                        + "re-validate, or retrain with data like the current.");
        context.progress(1.0, "done");
        return List.of(table, v);
    }

    /** Names the columns with more distinct values than were kept, whose tests are taken on bins (said, not hidden). */
    static String binned(ColumnCounts.Plan plan, List<String> names) {
        List<String> binned = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) if (!plan.exact()[j]) binned.add(names.get(j));
        if (binned.isEmpty()) return "";
        return binned.size() + " column(s) had more distinct values than are kept (" + String.join(", ", binned.subList(0, Math.min(5, binned.size())))
                + (binned.size() > 5 ? ", ..." : "") + "): their tests are taken on up to " + (ColumnSketch.SAMPLE_ROWS + 2)
                + " bins placed at the values of a seeded sample of reference rows (KS at the bins' edges, Wasserstein with each bin's rows"
                + " at its upper edge), exact counts in each. ";
    }
}
