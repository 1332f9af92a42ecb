package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Retrains the architecture on shuffled training labels (parameter {@code epochs}, default 100; at most {@code max-rows}, default 2000, training rows) and reports how
 * far above chance it fits them. Needs {@link AuditContext#retrainer()}. Epochs, then rows, left at their defaults are
 * cut to fit its share of the audit budget, from one epoch's counted operations ({@link ShuffledLabelProbe#plan}); the finding states the plan.
 */
@Component(service = Explainer.class)
public final class ShuffledLabelProbeExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("shuffled-label-probe", "Shuffled-label capacity probe", "1.0.0", "overfitting",
            "Can this architecture fit random labels? If it can, it can also memorise noise in the real labels.",
            Set.of(ExplainerInfo.Need.RETRAINING, ExplainerInfo.Need.LABELS),
            List.of(Parameter.whole("epochs", "100, fewer if its share of the audit budget needs", 1, 100000,
                            "epochs the copy trained on shuffled labels gets; when not given, cut to fit its share of the audit budget (at least 10)"),
                    Parameter.number("memorisation-threshold", "0.5", 0, 1, "share of the way from chance to perfect training accuracy on shuffled labels that counts as memorisation"),
                    Parameter.whole("max-rows", "2000, fewer if its share of the audit budget needs", 10,
                            "training rows used (a seeded sample when there are more); when not given, cut after the epochs (at least 200)")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        if (!Outputs.isClassifier(context)) // a regression model on labelled data: not covered by the declared needs
            return List.of(Verdict.notApplicable(INFO.name(), Stage.TRAINING, "The probe shuffles class labels; this model is not a classifier."));
        int epochs = context.intParameter("epochs", 100);
        double threshold = context.doubleParameter("memorisation-threshold", 0.5);
        DataSplit rows = ShuffledLabelProbe.subsample(context.train(), context.intParameter("max-rows", 2000), context.seed());
        DataSplit shuffled = ShuffledLabelProbe.shuffled(rows, context.seed());
        context.progress(0.02, "counting one epoch on shuffled labels");
        context.checkCancelled();
        // one epoch's operations counted by the engine (not timed: the plan is the same on any load), then rows x epochs
        // chosen to fit the rest of this run's share of the audit budget
        DataSplit first = shuffled;
        double epochFlops = Math.max(1, TimeShare.counted(() -> retrain(context, first, 1)).flops());
        double left = TimeShare.seconds(context) - TimeShare.secondsFor(epochFlops, TimeShare.Rate.ENGINE);
        ShuffledLabelProbe.Plan plan = ShuffledLabelProbe.plan(epochFlops, Math.max(0, left), rows.rows(), epochs,
                context.parameters().containsKey("max-rows"), context.parameters().containsKey("epochs"));
        epochs = plan.epochs();
        if (plan.rows() < rows.rows()) {
            rows = ShuffledLabelProbe.subsample(rows, plan.rows(), context.seed());
            shuffled = ShuffledLabelProbe.shuffled(rows, context.seed());
        }
        context.progress(0.05, "training on shuffled labels (" + rows.rows() + " rows, " + epochs + " epochs)");
        context.checkCancelled();
        AuditContext.Retrained r = retrain(context, shuffled, epochs);
        context.checkCancelled();
        double[][] p = Outputs.of(context, r.model(), shuffled);
        int classes = context.schema().classNames().size();
        double acc = ShuffledLabelProbe.accuracy(p, shuffled.labels());
        double chance = ShuffledLabelProbe.chance(shuffled.labels(), classes);
        double mem = ShuffledLabelProbe.memorisation(acc, chance);
        List<Finding> out = new ArrayList<>();
        out.add(new Metric("Accuracy on shuffled training labels", Stage.TRAINING, "shuffled-label accuracy", acc, Double.NaN, Double.NaN,
                Double.NaN, "chance (most common label): " + Outputs.fmt(chance) + "; plan: " + shuffled.rows() + " rows, " + epochs + " epochs: "
                + plan.reason()));
        out.add(new Metric("Memorisation capacity", Stage.TRAINING, "memorisation", mem, Double.NaN, Double.NaN, Double.NaN,
                "(accuracy - chance) / (1 - chance): 0 = nothing fitted beyond chance, 1 = every random label fitted"));
        int reached = -1;
        TrainingHistory h = r.history();
        if (h != null) {
            Curve.Series s = LearningCurvesExplainer.series("training accuracy on shuffled labels", h, TrainingHistory.EpochRecord::trainAccuracy);
            if (s != null) {
                out.add(new Curve("Fitting random labels", Stage.TRAINING, "epoch", "training accuracy", List.of(s,
                        new Curve.Series("chance", new double[] {1, Math.max(1, h.epochs().size())}, new double[] {chance, chance})),
                        "how fast the architecture memorises labels that carry no information"));
                for (TrainingHistory.EpochRecord e : h.epochs())
                    if (reached < 0 && ShuffledLabelProbe.memorisation(e.trainAccuracy(), chance) >= threshold) reached = e.epoch();
            }
        }
        List<String> evidence = List.of("accuracy on shuffled labels " + Outputs.fmt(acc) + " against chance " + Outputs.fmt(chance),
                reached > 0 ? "half-way from chance to a perfect fit by epoch " + reached : "training accuracy per epoch as recorded");
        if (mem >= threshold)
            out.add(new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN,
                    "The architecture memorises random labels (" + Outputs.fmt(mem) + " of the way to a perfect fit): it has the capacity "
                            + "to memorise noise in the real labels too.", evidence,
                    "Rely on held-out evaluation, not training accuracy; use early stopping, L2 or dropout, or a smaller model."));
        else
            out.add(new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.PASS,
                    "The architecture does not fit random labels in " + epochs + " epochs: its fit to the real labels reflects signal.",
                    evidence, ""));
        context.progress(1.0, "done");
        return out;
    }

    private static AuditContext.Retrained retrain(AuditContext context, DataSplit shuffled, int epochs) throws AuditCancelledException {
        try {
            return context.retrainer().get().retrain(shuffled, null, epochs, context.seed());
        } catch (java.util.concurrent.CancellationException e) {
            // A retrainer that watches the same cancellation (the engine's trainer does) stops with this unchecked
            // exception; the SPI's way to say so is AuditCancelledException.
            if (context.cancelled()) throw new AuditCancelledException("cancelled while training on shuffled labels");
            throw e;
        }
    }
}
