package dev.lucent.explain.api;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an explainer is and what it needs.
 *
 * @param id          stable identifier, lower-case with dashes, e.g. {@code integrated-gradients}
 * @param name        display name
 * @param version     the algorithm's version, e.g. "1.0.0"
 * @param family      e.g. "saliency", "integrated gradients", "feature attribution"
 * @param description one or two plain sentences for auditors
 * @param needs       what the model and data must offer
 * @param parameters  every parameter it reads, in the order to show them (since 1.2.0). The runner refuses, before the
 *                    audit starts, a parameter not declared here or a value outside its range: an explainer that declares
 *                    none is given none.
 */
public record ExplainerInfo(String id, String name, String version, String family, String description, Set<Need> needs,
                            List<Parameter> parameters) {
    public ExplainerInfo {
        needs = Set.copyOf(needs);
        parameters = List.copyOf(parameters);
        Set<String> names = new HashSet<>();
        for (Parameter p : parameters)
            if (!names.add(p.name())) throw new IllegalArgumentException("explainer " + id + " declares parameter " + p.name() + " twice");
    }

    /** An explainer that takes no parameters (explain.api 1.1 and older: any parameter given to it is refused). */
    public ExplainerInfo(String id, String name, String version, String family, String description, Set<Need> needs) {
        this(id, name, version, family, description, needs, List.of());
    }

    /** The declared parameter of that name. */
    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The first declared need the context does not meet, in words ("needs a held-out split: there is none"); empty
     * when all are met. Lucent calls this before {@code explain} and, when a need is unmet, reports the explainer
     * NOT_APPLICABLE itself without running it; the plugin kit and tests call it too. Checked in a fixed order, so
     * the same need is named on every run.
     */
    public Optional<String> unmetNeed(AuditContext context) {
        return needs.stream().sorted().map(n -> n.missing(context)).filter(Optional::isPresent).map(Optional::get).findFirst();
    }

    /**
     * What an explainer needs of the model and data. The runner checks each before the explainer runs and, when one
     * is not met, reports the explainer NOT_APPLICABLE itself, naming the need: the explainer need not check it.
     */
    public enum Need {
        /** Input gradients of the model. */
        GRADIENTS("input gradients"),
        /** A named inner layer (activations and their gradients). */
        NAMED_LAYER("a named layer"),
        /** The model's training history. */
        TRAINING_HISTORY("the training history"),
        /** Class labels (a classification task). */
        LABELS("class labels"),
        /** A held-out split besides the training data. */
        HELD_OUT_SPLIT("a held-out split"),
        /** Image-shaped input {@code [channels, height, width]}. */
        IMAGE_INPUT("image input"),
        /** The ability to train the same architecture again. */
        RETRAINING("retraining"),
        /**
         * Sensitive attributes named for the audit (the parameter {@code sensitive}, which the CLI's
         * {@code --sensitive} and the console's field fill in; see {@link SensitiveAttribute}). Since 1.2.
         */
        SENSITIVE_ATTRIBUTES("sensitive attributes"),
        /** Current data to compare with the reference (drift). Since 1.2. */
        CURRENT_DATA("current data");

        private final String words;

        Need(String words) {
            this.words = words;
        }

        /** The need as an auditor reads it, e.g. "a held-out split". */
        public String words() {
            return words;
        }

        private Optional<String> missing(AuditContext c) {
            String why = switch (this) {
                // every AuditableModel answers input gradients: Lucent and imported ONNX models run on the same ops
                case GRADIENTS -> null;
                case NAMED_LAYER -> c.model().layerNames().isEmpty() ? c.model().name() + " has no named layers" : null;
                case TRAINING_HISTORY -> c.history().isEmpty()
                        ? c.model().name() + " comes without a training history (e.g. imported from ONNX)" : null;
                case LABELS -> c.schema().isClassification() && c.train().labels() != null ? null
                        : "the data has no class labels (a regression task)";
                case HELD_OUT_SPLIT -> c.test().isEmpty() || c.test().get().rows() == 0 ? "there is no held-out split" : null;
                case IMAGE_INPUT -> c.model().inputShape().length == 3 ? null
                        : c.model().name() + " takes samples of shape " + Arrays.toString(c.model().inputShape())
                        + ", not images [channels, height, width]";
                case SENSITIVE_ATTRIBUTES -> c.parameter("sensitive", "").isBlank()
                        ? "none were named (the CLI's --sensitive, the new-audit page's field, or the parameter sensitive)" : null;
                case CURRENT_DATA -> c.current().isEmpty() ? "the audit was given no current data to compare (--current)" : null;
                case RETRAINING -> c.retrainer().isEmpty()
                        ? c.model().name() + " cannot be retrained here (only Lucent-trained models can)" : null;
            };
            return why == null ? Optional.empty() : Optional.of("needs " + words + ": " + why);
        }
    }
}
