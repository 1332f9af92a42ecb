package dev.lucent.explain.performance;

import dev.lucent.explain.support.RegressionMetrics;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * MAE, RMSE and R^2 of a regression model on the held-out split, with bootstrap intervals, and the predicted-versus-actual
 * and residual plots ({@link RegressionPlots}).
 */
@Component(service = Explainer.class)
public final class RegressionMetricsExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("regression-metrics", "Regression metrics", "1.0.0",
            "model performance", "How far the model's predictions fall from the true values on held-out data.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.bootstrap());

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), false, 0.2);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        double[] predicted = ModelOutputs.column(e.outputs(), 0);
        RegressionMetrics m = RegressionMetrics.of(e.targets(), predicted, Bootstrap.identity(e.rows()));
        Bootstrap boot = Evaluated.bootstrap(context);
        Bootstrap.Interval[] ci = new Bootstrap.Interval[3];
        for (int j = 0; j < 3; j++) {
            int which = j;
            double from = 0.2 + 0.8 * j / 3;
            ci[j] = boot.interval(e.rows(), rows -> {
                RegressionMetrics r = RegressionMetrics.of(e.targets(), predicted, rows);
                return which == 0 ? r.mae() : which == 1 ? r.rmse() : r.r2();
            }, context.seed(), (done, total) -> {
                context.checkCancelled();
                context.progress(from + 0.8 / 3 * done / total, "bootstrap " + done + " of " + total);
            });
        }
        String on = " on " + e.rows() + " " + e.split().name() + " rows";
        List<Finding> out = new java.util.ArrayList<>(List.of(
                Evaluated.metric("Mean absolute error", Stage.VALIDATION, "MAE", m.mae(), ci[0], boot.confidence(), "in the target's units" + on),
                Evaluated.metric("Root mean squared error", Stage.VALIDATION, "RMSE", m.rmse(), ci[1], boot.confidence(),
                        "in the target's units; weighs large misses more" + on),
                Evaluated.metric("Coefficient of determination", Stage.VALIDATION, "R^2", m.r2(), ci[2], boot.confidence(),
                        "1 - residual / total sum of squares: share of the target's variance explained; 0 is predicting the mean")));
        out.addAll(RegressionPlots.of(e.targets(), predicted, e.split().name()));
        context.progress(1.0, "done");
        return out;
    }
}
