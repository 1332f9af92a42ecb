package dev.lucent.explain.api;

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
 */
public record ExplainerInfo(String id, String name, String version, String family, String description, Set<Need> needs) {
    public ExplainerInfo {
        needs = Set.copyOf(needs);
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
    }
}
