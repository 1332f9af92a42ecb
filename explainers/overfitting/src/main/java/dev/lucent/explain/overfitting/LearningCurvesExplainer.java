package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.osgi.service.component.annotations.Component;

/** Training and validation loss and accuracy per epoch, from the training history. */
@Component(service = Explainer.class)
public final class LearningCurvesExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("learning-curves", "Learning curves", "1.0.0", "overfitting",
            "Training and validation loss and accuracy, epoch by epoch: where they part, the model starts to memorise.",
            Set.of(ExplainerInfo.Need.TRAINING_HISTORY));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        context.checkCancelled();
        TrainingHistory h = context.history().get();
        List<Finding> out = new ArrayList<>();
        out.add(curve(h, "Loss per epoch", "loss", TrainingHistory.EpochRecord::trainLoss, TrainingHistory.EpochRecord::validationLoss));
        Curve acc = curve(h, "Accuracy per epoch", "accuracy", TrainingHistory.EpochRecord::trainAccuracy,
                TrainingHistory.EpochRecord::validationAccuracy);
        if (!acc.series().isEmpty()) out.add(acc);
        out.removeIf(f -> ((Curve) f).series().isEmpty());
        if (out.isEmpty()) return List.of(Verdict.notApplicable(INFO.name(), Stage.TRAINING, "The training history records no losses."));
        context.progress(1.0, "done");
        return out;
    }

    static Curve curve(TrainingHistory h, String title, String y, ToDoubleFunction<TrainingHistory.EpochRecord> train,
                       ToDoubleFunction<TrainingHistory.EpochRecord> validation) {
        List<Curve.Series> s = new ArrayList<>();
        Curve.Series t = series("training", h, train);
        Curve.Series v = series("validation", h, validation);
        if (t != null) s.add(t);
        if (v != null) s.add(v);
        String kept = h.monitoredMetric() == null ? "" : "; weights kept from epoch " + h.bestEpoch() + " (best " + h.monitoredMetric() + ")";
        return new Curve(title, Stage.TRAINING, "epoch", y, s, h.epochs().size() + " epochs" + kept);
    }

    /** The epochs where the value was measured; null when it never was. */
    static Curve.Series series(String name, TrainingHistory h, ToDoubleFunction<TrainingHistory.EpochRecord> f) {
        double[] x = h.epochs().stream().filter(e -> !Double.isNaN(f.applyAsDouble(e))).mapToDouble(TrainingHistory.EpochRecord::epoch).toArray();
        double[] y = h.epochs().stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
        return x.length == 0 ? null : new Curve.Series(name, x, y);
    }
}
