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
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.RegressionSums;
import dev.lucent.explain.support.RowSample;
import dev.lucent.explain.support.Summaries;
import java.io.Serializable;
import dev.lucent.explain.support.Parameters;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * MAE, RMSE and R^2 of a regression model on the held-out split, with Poisson-bootstrap intervals, and the
 * predicted-versus-actual and residual plots ({@link RegressionPlots}), from exact sums that merge ({@link RegressionSums}).
 */
@Component(service = Explainer.class)
public final class RegressionMetricsExplainer implements PartitionedExplainer<RegressionMetricsExplainer.Summary> {

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
        return Evaluated.summarized(this, context, false);
    }

    /** Exact sums of the errors, the same per bootstrap replicate, the rows drawn in the plots, and the split's name. */
    record Summary(RegressionSums sums, RegressionSums[] replicates, RowSample plotted, String split) implements Serializable {
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        RegressionSums[] replicates = new RegressionSums[PoissonBootstrap.of(context).replicates()];
        for (int b = 0; b < replicates.length; b++) replicates[b] = new RegressionSums();
        return new Summary(new RegressionSums(), replicates, RowSample.of(RegressionPlots.MAX_POINTS, context.seed(), new long[0],
                new double[0], new double[0]), "");
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) throws AuditCancelledException {
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        Summary s = emptySummary(context);
        double[] predicted = ModelOutputs.column(ModelOutputs.probabilities(context, block), 0);
        float[] t = block.rows().targets();
        double[] actual = new double[t.length];
        int[] w = new int[boot.replicates()];
        for (int i = 0; i < actual.length; i++) {
            if (i % 256 == 0) context.checkCancelled();
            actual[i] = t[i];
            s.sums().add(actual[i], predicted[i], 1);
            boot.weights(block.rowIds()[i], w);
            for (int b = 0; b < w.length; b++) if (w[b] > 0) s.replicates()[b].add(actual[i], predicted[i], w[b]);
        }
        return new Summary(s.sums(), s.replicates(), RowSample.of(RegressionPlots.MAX_POINTS, context.seed(), block.rowIds(), actual, predicted),
                block.rows().name());
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        for (int r = 0; r < a.replicates().length; r++) a.replicates()[r].merge(b.replicates()[r]);
        return new Summary(a.sums().merge(b.sums()), a.replicates(), a.plotted().merge(b.plotted()), Summaries.splitName(a.split(), b.split()));
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        long n = summary.sums().rows();
        if (n == 0) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "There are no held-out rows to judge."));
        RegressionMetrics m = summary.sums().metrics();
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        double[][] stat = new double[3][boot.replicates()];
        for (int b = 0; b < boot.replicates(); b++) {
            if (b % 100 == 0) context.checkCancelled();
            RegressionMetrics r = summary.replicates()[b].metrics();
            stat[0][b] = r.mae();
            stat[1][b] = r.rmse();
            stat[2][b] = r.r2();
        }
        Bootstrap.Interval[] ci = {boot.interval(stat[0]), boot.interval(stat[1]), boot.interval(stat[2])};
        String on = " on " + n + " " + summary.split() + " rows";
        List<Finding> out = new java.util.ArrayList<>(List.of(
                boot.metric("Mean absolute error", Stage.VALIDATION, "MAE", m.mae(), ci[0], "in the target's units" + on),
                boot.metric("Root mean squared error", Stage.VALIDATION, "RMSE", m.rmse(), ci[1],
                        "in the target's units; weighs large misses more" + on),
                boot.metric("Coefficient of determination", Stage.VALIDATION, "R^2", m.r2(), ci[2],
                        "1 - residual / total sum of squares: share of the target's variance explained; 0 is predicting the mean")));
        out.addAll(RegressionPlots.of(summary.plotted(), summary.split()));
        return out;
    }
}
