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
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Per-layer weight and gradient norms across epochs from the training telemetry, with their late growth rates.
 * Warns when weights still grow fast at the end (parameter {@code max-weight-growth}, default 0.02 per epoch, i.e.
 * 2%) or gradients explode (growth above {@code max-gradient-growth}, default 0.1 per epoch), each growth judged with
 * its interval by the one tolerance rule (past the tolerance or straddling it: WARN).
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
        List<Tolerance.Judged> weights = new ArrayList<>(), gradients = new ArrayList<>();
        for (NormTrend t : trends) {
            w.add(new Curve.Series(t.layer(), t.epochs(), t.weightNorm()));
            g.add(new Curve.Series(t.layer(), t.epochs(), t.gradientNorm()));
            rows.add(List.of(t.layer(), Outputs.fmt(t.weightNorm()[t.weightNorm().length - 1]), growth(t.weightGrowth()),
                    growth(t.gradientGrowth())));
            // a layer whose norm was not recorded has no growth to judge
            if (!Double.isNaN(t.weightGrowth().slope())) weights.add(judge("weight-norm", t.layer(), t.weightGrowth(), maxW, "max-weight-growth"));
            if (!Double.isNaN(t.gradientGrowth().slope())) gradients.add(judge("gradient-norm", t.layer(), t.gradientGrowth(), maxG, "max-gradient-growth"));
        }
        List<String> evidence = new ArrayList<>();
        for (Tolerance.Judged j : weights) evidence.add(j.sentence());
        for (Tolerance.Judged j : gradients) evidence.add(j.sentence());
        Tolerance.Judged gradient = worst(gradients), weight = worst(weights);
        Verdict v;
        if (gradient != null && !gradient.within())
            v = verdict(gradient, gradient.beyond() ? "Gradient norms grew fast late in training" : "Gradient norms may have grown fast late in training",
                    evidence, "Lower the learning rate or clip gradients; check for unnormalised inputs.");
        else if (weight != null && !weight.within())
            v = verdict(weight, weight.beyond() ? "Weights were still growing at the end of training" : "Weights may still have been growing at the end of training",
                    evidence, "Add L2 weight decay, or stop earlier: growing weights late in training fit ever finer detail of the training rows.");
        else if (weight == null && gradient == null)
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN, "WARN: too few epochs recorded to measure how the norms grew.",
                    evidence, "Train for more epochs or record the layer telemetry at every epoch.");
        else
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.PASS, "PASS: every layer's weight-norm growth per epoch is within"
                    + " the tolerance " + Outputs.fmt(maxW) + " set by `max-weight-growth` and its gradient-norm growth within "
                    + Outputs.fmt(maxG) + " set by `max-gradient-growth`: the whole 95% intervals are at most them.", evidence, "");
        context.progress(1.0, "done");
        return List.of(new Curve("Weight norm per layer", Stage.TRAINING, "epoch", "L2 norm of weights", w, ""),
                new Curve("Gradient norm per layer", Stage.TRAINING, "epoch", "L2 norm of gradients", g, "at each epoch's last step"),
                new Table("Norm growth in the second half of training", Stage.TRAINING,
                        List.of("layer", "final weight norm", "weight growth / epoch", "gradient growth / epoch"), rows,
                        "slope of ln(norm) per epoch by least squares, with its 95% t-interval"), v);
    }

    private static Tolerance.Judged judge(String norm, String layer, NormTrend.Growth growth, double tolerance, String parameter) {
        return Tolerance.atMost(layer + "'s " + norm + " growth per epoch", growth.slope(), growth.lower(), growth.upper(), 0.95,
                tolerance, parameter);
    }

    /** The layer that decides: past its tolerance before straddling before within; the first such layer; null for none. */
    private static Tolerance.Judged worst(List<Tolerance.Judged> judged) {
        Tolerance.Judged worst = null;
        for (Tolerance.Judged j : judged)
            if (worst == null || j.position().ordinal() > worst.position().ordinal()) worst = j;
        return worst;
    }

    /** A warning either way: growing norms are a sign to act on, not proof of a broken model. */
    private static Verdict verdict(Tolerance.Judged decisive, String what, List<String> evidence, String remedy) {
        return new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN, "WARN: " + what + ": " + decisive.sentence() + ".",
                evidence, remedy);
    }

    private static String growth(NormTrend.Growth g) {
        return Double.isNaN(g.lower()) ? Outputs.fmt(g.slope()) : Outputs.fmt(g.slope()) + " (" + Outputs.fmt(g.lower()) + " to "
                + Outputs.fmt(g.upper()) + ")";
    }
}
