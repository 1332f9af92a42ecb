package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.explain.support.Standardizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * For regression models: a ridge regression (parameter {@code alpha}, default 1 as sklearn) on standardized
 * features, compared with the network by mean absolute error on the held-out split with a paired bootstrap.
 */
@Component(service = Explainer.class)
public final class RidgeRegressionBaselineExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("baseline-ridge", "Ridge-regression baseline", "1.0.0", "baselines",
            "Whether a regression network beats a plain linear (ridge) regression trained on the same data.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.number("alpha", "1", 0,
                    Parameter.NO_LIMIT, "L2 penalty, as scikit-learn's alpha"),
                    Parameter.whole("max-train-rows", "5000", 1, "training rows the baseline is fitted on (a seeded sample when there are more)"),
                    Parameter.number("min-advantage", "0", 0, Parameter.NO_LIMIT, "the smallest advantage in mean absolute error (target"
                            + " units) of the network over ridge regression that passes")),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        if (context.model().outputKind() != OutputKind.REGRESSION || context.model().outputCount() != 1)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "The ridge baseline is for single-output regression models; see the "
                    + "logistic-regression and decision-tree baselines for classifiers."));
        DataSplit train = context.train();
        DataSplit test = context.test().get();
        if (train.targets() == null || test.targets() == null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "The splits carry no regression targets."));
        double alpha = context.doubleParameter("alpha", 1.0);
        context.checkCancelled();
        Baseline.Training training = Baseline.training(context);
        Standardizer s = Standardizer.fit(training.x());
        RidgeRegression ridge = RidgeRegression.fit(s.apply(training.x()), training.targets(), alpha);
        context.progress(0.3, "ridge regression fitted");
        double[][] tz = s.apply(Baseline.rows(test));
        double[] network = networkOutputs(context, test);
        int n = test.rows();
        double[] absNet = new double[n];
        double[] absRidge = new double[n];
        for (int i = 0; i < n; i++) {
            absNet[i] = Math.abs(network[i] - test.targets()[i]);
            absRidge[i] = Math.abs(ridge.predict(tz[i]) - test.targets()[i]);
        }
        Bootstrap boot = Baseline.bootstrap(context);
        Bootstrap.Statistic diff = rows -> {
            double d = 0;
            for (int r : rows) d += absNet[r] - absRidge[r];
            return d / rows.length;
        };
        Bootstrap.Statistic ridgeMae = rows -> {
            double d = 0;
            for (int r : rows) d += absRidge[r];
            return d / rows.length;
        };
        int[] all = Bootstrap.identity(n);
        Bootstrap.Interval dci = boot.interval(n, diff, context.seed(), (done, total) -> {
            context.checkCancelled();
            context.progress(0.4 + 0.6 * done / total, "bootstrap " + done + " of " + total);
        });
        Bootstrap.Interval rci = boot.interval(n, ridgeMae, context.seed(), null);
        double d = diff.of(all);
        double rm = ridgeMae.of(all);
        List<Finding> out = new ArrayList<>();
        out.add(new Metric("Ridge-regression MAE", Stage.VALIDATION, "ridge MAE", rm, rci.lower(), rci.upper(), boot.confidence(),
                "alpha " + alpha + ", " + training.note() + ", judged on " + n + " held-out rows"));
        out.add(new Metric("Network minus ridge MAE", Stage.VALIDATION, "MAE difference", d, dci.lower(), dci.upper(), boot.confidence(),
                "negative: the network errs less; paired bootstrap over the same rows; network MAE " + Baseline.fmt(rm + d)));
        List<String> evidence = List.of("network MAE " + Baseline.fmt(rm + d) + ", ridge " + Baseline.fmt(rm),
                "difference " + Baseline.fmt(d) + " (" + Baseline.fmt(dci.lower()) + " to " + Baseline.fmt(dci.upper()) + ")");
        String title = "Is deep learning needed here? (against ridge regression)";
        // the advantage is ridge's error minus the network's: the negated difference, its interval flipped
        out.add(Baseline.verdict(context, title, Tolerance.atLeast("ridge minus network MAE", -d, -dci.upper(), -dci.lower(),
                boot.confidence(), context.doubleParameter("min-advantage", 0), "min-advantage"), dci.lower() > 0, "ridge regression", evidence));
        List<String> names = context.schema().featureNames();
        List<String> features = new ArrayList<>();
        for (int j = 0; j < ridge.coefficients().length; j++) features.add(j < names.size() ? names.get(j) : "feature " + j);
        out.add(new FeatureAttribution("Ridge-regression coefficients", Stage.VALIDATION, "change in the target per standard deviation",
                features, ridge.coefficients(), null, "a transparent model to compare the network's attributions with"));
        context.progress(1.0, "done");
        return out;
    }

    static double[] networkOutputs(AuditContext context, DataSplit split) throws AuditCancelledException {
        float[] all = split.features().toArray();
        int n = split.rows();
        int width = n == 0 ? 0 : all.length / n;
        int[] dims = split.features().shape();
        double[] out = new double[n];
        for (int start = 0; start < n; start += 256) {
            context.checkCancelled();
            int rows = Math.min(256, n - start);
            int[] shape = dims.clone();
            shape[0] = rows;
            float[] p = context.model().predict(Tensor.of(Arrays.copyOfRange(all, start * width, (start + rows) * width), shape)).toArray();
            for (int i = 0; i < rows; i++) out[start + i] = p[i];
        }
        return out;
    }
}
