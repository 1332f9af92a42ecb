package dev.lucent.audit.runner;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.ExplainerInfo.Need;
import java.util.Arrays;
import java.util.Optional;

/**
 * What each declared {@link Need} asks of the model and data, checked by the runner before an explainer runs, so
 * that an explainer whose needs are not met is reported NOT_APPLICABLE by the runner, naming the need, and never
 * has to look for itself.
 */
final class Needs {
    private Needs() {
    }

    /** The first need of {@code info} that {@code context} does not meet, in words; empty when all are met. */
    static Optional<String> unmet(ExplainerInfo info, AuditContext context) {
        return info.needs().stream().sorted() // a fixed order: the same need is named on every run
                .map(n -> missing(n, context)).filter(Optional::isPresent).map(Optional::get).findFirst();
    }

    private static Optional<String> missing(Need need, AuditContext c) {
        String why = switch (need) {
            // every AuditableModel answers input gradients: Lucent and imported ONNX models run on the same ops
            case GRADIENTS -> null;
            case NAMED_LAYER -> c.model().layerNames().isEmpty() ? c.model().name() + " has no named layers" : null;
            case TRAINING_HISTORY -> c.history().isEmpty()
                    ? c.model().name() + " comes without a training history (e.g. imported from ONNX)" : null;
            case LABELS -> c.schema().isClassification() ? null : "the data has no class labels (a regression task)";
            case HELD_OUT_SPLIT -> c.test().isEmpty() || c.test().get().rows() == 0 ? "there is no held-out split" : null;
            case IMAGE_INPUT -> c.model().inputShape().length == 3 ? null
                    : c.model().name() + " takes samples of shape " + Arrays.toString(c.model().inputShape())
                    + ", not images [channels, height, width]";
            case RETRAINING -> c.retrainer().isEmpty()
                    ? c.model().name() + " cannot be retrained here (only Lucent-trained models can)" : null;
            case CURRENT_DATA -> c.current().isEmpty() ? "the audit was given no current data to compare (--current)" : null;
        };
        return why == null ? Optional.empty() : Optional.of("needs " + need.words() + ": " + why);
    }
}
