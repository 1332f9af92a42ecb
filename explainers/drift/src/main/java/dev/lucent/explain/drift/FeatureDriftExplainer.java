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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Per-feature drift of the current data from the reference: each feature's test, PSI, Jensen-Shannon and Wasserstein
 * distances, p-values corrected for the number of features compared (Benjamini-Hochberg), ranked by effect size. The
 * label is compared too when both sides have one (a change of class priors).
 */
@Component(service = Explainer.class)
public final class FeatureDriftExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("feature-drift", "Feature drift", "1.0.0", "drift",
            "Whether each feature of the current data is still distributed as in the reference data the model was built on, "
                    + "ranked by how far it moved.", Set.of(ExplainerInfo.Need.CURRENT_DATA),
            List.of(Verdicts.ALPHA, Parameter.whole("max-categories", "10", 2,
                    "a feature with at most this many distinct whole-number values is compared as categorical (chi-squared), else as numeric (KS)")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DriftData d = DriftData.of(context).orElse(null);
        if (d == null) return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit was given no current data."));
        double alpha = Verdicts.alpha(context);
        int maxCategories = context.intParameter("max-categories", 10);
        if (maxCategories < 2) throw new IllegalArgumentException("parameter max-categories must be at least 2, got " + maxCategories);
        List<FeatureDrift> all = new ArrayList<>();
        int m = d.features().size();
        for (int j = 0; j < m; j++) {
            if (j % 16 == 0) {
                context.checkCancelled();
                context.progress((double) j / m, "feature " + (j + 1) + " of " + m);
            }
            all.add(FeatureDrift.of(d.features().get(j), d.reference()[j], d.current()[j], maxCategories));
        }
        boolean labels = d.referenceLabels() != null && d.currentLabels() != null;
        if (labels) {
            double[] r = new double[d.referenceLabels().length], c = new double[d.currentLabels().length];
            for (int i = 0; i < r.length; i++) r[i] = d.referenceLabels()[i];
            for (int i = 0; i < c.length; i++) c[i] = d.currentLabels()[i];
            Double[] classes = new Double[context.schema().classNames().size()];
            for (int k = 0; k < classes.length; k++) classes[k] = (double) k;
            all.add(FeatureDrift.categorical("label: " + context.schema().labelName(), r, c, classes));
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
                rows, d.reference()[0].length + " reference rows (training and test), " + d.current()[0].length + " current rows. "
                + "Effect size: Wasserstein distance over the reference's standard deviation (numeric), Cramér's V (categorical). "
                + "PSI and Jensen-Shannon (base 2) on the reference's deciles or the categories; Wasserstein in the CSV's units. "
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
}
