package dev.lucent.explain.robustness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Component;

/**
 * Accuracy (or, for regression, the mean absolute error) on held-out rows corrupted as the world corrupts inputs:
 * for images Gaussian noise, blur, brightness, contrast, an occluding patch and fog, for tabular rows noise and
 * missing values, each at five severities ({@link Corruptions}). Each is scored on the same rows as the clean data,
 * with paired bootstrap intervals; the corruption that hurts most at the judged severity is judged against the
 * tolerance the user sets, by the shared rule ({@link Tolerance}).
 */
@Component(service = Explainer.class)
public final class CorruptionsExplainer implements Explainer {

    static final double MAX_ACCURACY_DROP = 0.1;
    static final double MAX_ERROR_INCREASE = 0.25;
    static final int SEVERITY = 3;

    static final ExplainerInfo INFO = new ExplainerInfo("corruptions", "Accuracy under common corruptions", "1.0.0", "robustness",
            "How accuracy falls when held-out inputs are corrupted as the world corrupts them (noise, blur, brightness, contrast,"
                    + " occlusion, fog for images; noise and missing values for tables), at five severities, and which corruption hurts most.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(
                    Parameter.whole("rows", "500", 1, "held-out rows corrupted (the first ones)"),
                    Parameter.whole("severity", Integer.toString(SEVERITY), 1, 5, "the severity (1 to 5) the verdict judges"),
                    Parameter.number("max-accuracy-drop", Double.toString(MAX_ACCURACY_DROP), 0, 1,
                            "classifiers: the most accuracy the worst corruption may cost at the judged severity"),
                    Parameter.number("max-error-increase", Double.toString(MAX_ERROR_INCREASE), 0, Parameter.NO_LIMIT,
                            "regression: the most the worst corruption may raise the mean absolute error, as a share of the clean error"),
                    Parameters.batchSize()), Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        List<Corruptions.Corruption> corruptions = corruptions(context);
        // the clean pass and one per corruption and severity
        Evaluation.Planned planned = Evaluation.planned(context, 500, 1 + corruptions.size() * Corruptions.SEVERITIES);
        Evaluation e = planned.rows();
        if (e.unscorable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, e.unscorable()));
        int judged = context.intParameter("severity", SEVERITY);
        Bootstrap boot = Evaluation.bootstrap(context);
        double[] clean = e.scores(e.x());
        int[] all = Bootstrap.identity(e.n());
        double cleanValue = Evaluation.mean(clean, all);
        Bootstrap.Interval cleanCi = Evaluation.interval(context, boot, e.n(), r -> Evaluation.mean(clean, r), "corruptions/clean");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("none (clean)", "0", "", Evaluation.cell(cleanValue, cleanCi), ""));
        List<Curve.Series> series = new ArrayList<>();
        String worst = null;
        double worstHarm = Double.NEGATIVE_INFINITY;
        Bootstrap.Interval worstCi = null;
        List<String> evidence = new ArrayList<>();
        int done = 0, total = corruptions.size() * Corruptions.SEVERITIES;
        for (Corruptions.Corruption c : corruptions) {
            double[] xs = new double[Corruptions.SEVERITIES + 1], ys = new double[Corruptions.SEVERITIES + 1];
            ys[0] = cleanValue;
            for (int s = 1; s <= Corruptions.SEVERITIES; s++) {
                context.checkCancelled();
                context.progress((double) done++ / total, c.name() + ", severity " + s);
                String purpose = "corruptions/" + c.name() + "/" + s;
                float[] corrupted = c.apply(e.x(), e.n(), s, new SplittableRandom(Seeds.derive(context.seed(), purpose)));
                double[] scored = e.scores(corrupted);
                double value = Evaluation.mean(scored, all);
                Bootstrap.Interval ci = Evaluation.interval(context, boot, e.n(), r -> Evaluation.mean(scored, r), purpose);
                double harm = e.harm(clean, scored, all);
                Bootstrap.Interval harmCi = Evaluation.interval(context, boot, e.n(), r -> e.harm(clean, scored, r), purpose + "/harm");
                xs[s] = s;
                ys[s] = value;
                rows.add(List.of(c.name(), Integer.toString(s), c.meaning(s), Evaluation.cell(value, ci), Evaluation.cell(harm, harmCi)));
                if (s == judged) {
                    evidence.add(String.format(Locale.ROOT, "%s (%s): %s %.3f, %s %s", c.name(), c.meaning(s), e.metric(), value,
                            harmWords(e), Evaluation.cell(harm, harmCi)));
                    if (harm > worstHarm) {
                        worstHarm = harm;
                        worst = c.name();
                        worstCi = harmCi;
                    }
                }
            }
            series.add(new Curve.Series(c.name(), xs, ys));
        }
        List<Finding> out = new ArrayList<>();
        String kind = context.model().inputShape().length == 3 ? "image corruptions at Hendrycks and Dietterich's (2019) CIFAR-10-C severities, scaled to the data's value range"
                : "tabular corruptions: noise as a share of each feature's standard deviation; missing cells filled with the training mean, as Lucent's pipeline fills them";
        out.add(new Curve("Held-out " + e.metric() + " under corruption", Stage.VALIDATION, "severity (0: clean)", e.metric(), series,
                e.n() + " held-out rows; " + kind + planned.note()));
        out.add(new Table("Held-out " + e.metric() + " per corruption and severity", Stage.VALIDATION,
                List.of("corruption", "severity", "what it does", e.metric() + " (" + pct(boot.confidence()) + " interval)", harmWords(e) + " (interval)"),
                rows, "percentile bootstrap over the same " + e.n() + " rows, clean and corrupted paired"));
        out.add(verdict(context, e, boot, judged, worst, worstHarm, worstCi, evidence));
        context.progress(1.0, "done");
        return out;
    }

    private Verdict verdict(AuditContext context, Evaluation e, Bootstrap boot, int judged, String worst, double harm, Bootstrap.Interval ci,
                            List<String> evidence) {
        String title = "Robustness to common corruptions";
        String parameter = e.classifier() ? "max-accuracy-drop" : "max-error-increase";
        double tolerance = e.classifier() ? context.doubleParameter(parameter, MAX_ACCURACY_DROP) : context.doubleParameter(parameter, MAX_ERROR_INCREASE);
        Tolerance.Judged j = Tolerance.atMost(harmWords(e) + " under " + worst + " at severity " + judged, harm, ci.lower(), ci.upper(),
                boot.confidence(), tolerance, parameter);
        Verdict.Outcome o = j.outcome(Verdict.Outcome.FAIL);
        return new Verdict(title, Stage.VALIDATION, o, j.summary(o) + " " + worst + " hurts most at severity " + judged + ".", evidence,
                j.within() ? "" : "Train with augmentations of the corruptions that hurt (" + worst + " first), or state the conditions"
                + " the model may be used in.");
    }

    private static String harmWords(Evaluation e) {
        return e.classifier() ? "accuracy drop" : "relative increase in mean absolute error";
    }

    /** Image corruptions over the training data's value range, or tabular ones over its features' spread and means. */
    static List<Corruptions.Corruption> corruptions(AuditContext context) {
        DataSplit train = context.train();
        int[] in = context.model().inputShape();
        float[] t = train.features().toArray();
        if (in.length == 3) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (float v : t) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return Corruptions.images(in[0], in[1], in[2], lo, hi);
        }
        FeatureSpread spread = FeatureSpread.of(train);
        return Corruptions.tabular(spread.sd(), spread.mean());
    }

    static String pct(double confidence) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * confidence);
    }
}
