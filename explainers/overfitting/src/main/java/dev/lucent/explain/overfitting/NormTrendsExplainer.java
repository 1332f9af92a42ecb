package dev.lucent.explain.overfitting;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Per-layer weight and gradient norms across epochs from the training telemetry, with their late growth rates.
 * Warns when weights still grow fast at the end (parameter {@code max-weight-growth}, default 0.02 per epoch, i.e.
 * 2%) or gradients explode (growth above {@code max-gradient-growth}, default 0.1 per epoch).
 */
@Component(service = Explainer.class)
public final class NormTrendsExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("norm-trends", "Weight and gradient norm trends", "1.0.0", "overfitting",
            "How each layer's weights and gradients grew during training: steadily growing weights fit ever finer detail.",
            Set.of(ExplainerInfo.Need.TRAINING_HISTORY),
            List.of(Parameter.number("max-weight-growth", "0.02", 0,
                    Parameter.NO_LIMIT, "weight-norm growth per epoch over the last epochs that passes"),
                    Parameter.number("max-gradient-growth", "0.1", 0,
                    Parameter.NO_LIMIT, "gradient-norm growth per epoch over the last epochs that passes")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        context.checkCancelled();
        List<NormTrend> trends = NormTrend.of(context.history().get());
        if (trends.isEmpty())
            return List.of(Verdict.notApplicable(INFO.name(), Stage.TRAINING, "The training history records no layer telemetry."));
        double maxW = context.doubleParameter("max-weight-growth", 0.02);
        double maxG = context.doubleParameter("max-gradient-growth", 0.1);
        List<Curve.Series> w = new ArrayList<>();
        List<Curve.Series> g = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> growing = new ArrayList<>();
        List<String> exploding = new ArrayList<>();
        for (NormTrend t : trends) {
            w.add(new Curve.Series(t.layer(), t.epochs(), t.weightNorm()));
            g.add(new Curve.Series(t.layer(), t.epochs(), t.gradientNorm()));
            rows.add(List.of(t.layer(), Outputs.fmt(t.weightNorm()[t.weightNorm().length - 1]), Outputs.fmt(t.weightGrowth()),
                    Outputs.fmt(t.gradientGrowth())));
            if (t.weightGrowth() > maxW) growing.add(t.layer());
            if (t.gradientGrowth() > maxG) exploding.add(t.layer());
        }
        List<String> evidence = new ArrayList<>();
        for (List<String> r : rows) evidence.add(r.get(0) + ": weight norm growth " + r.get(2) + "/epoch, gradient norm growth " + r.get(3) + "/epoch");
        Verdict v;
        if (!exploding.isEmpty())
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN, "Gradient norms grew fast late in training in " + exploding + ".",
                    evidence, "Lower the learning rate or clip gradients; check for unnormalised inputs.");
        else if (!growing.isEmpty())
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN, "Weights were still growing at the end of training in " + growing + ".",
                    evidence, "Add L2 weight decay, or stop earlier: growing weights late in training fit ever finer detail of the training rows.");
        else
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.PASS, "Weight and gradient norms settled.", evidence, "");
        context.progress(1.0, "done");
        return List.of(new Curve("Weight norm per layer", Stage.TRAINING, "epoch", "L2 norm of weights", w, ""),
                new Curve("Gradient norm per layer", Stage.TRAINING, "epoch", "L2 norm of gradients", g, "at each epoch's last step"),
                new Table("Norm growth in the second half of training", Stage.TRAINING,
                        List.of("layer", "final weight norm", "weight growth / epoch", "gradient growth / epoch"), rows,
                        "slope of ln(norm) per epoch by least squares"), v);
    }
}
