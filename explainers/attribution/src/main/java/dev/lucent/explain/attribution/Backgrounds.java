package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.support.Seeds;

/**
 * The background both Shapley explainers use: the training data summarised by k-means (parameter {@code background},
 * 10). One audit gives both the same centres: they are a function of the training data, k and the audit's seed
 * alone, so exact Shapley and KernelSHAP report the same base value and can be compared row by row.
 */
public final class Backgrounds {
    /** The seed's purpose, shared by both explainers (each once derived its own, giving two backgrounds per audit). */
    static final String PURPOSE = "shapley/background";

    private Backgrounds() {
    }

    public static KMeans.Summary of(AuditContext context) {
        int k = context.intParameter("background", 10);
        if (k < 1) throw new IllegalArgumentException("parameter background (k-means centres) must be at least 1, got " + k);
        return KMeans.summarise(context.train().features(), k, Seeds.derive(context.seed(), PURPOSE));
    }

    /** {@code method}'s answers with {@code note} in place of the method's own, which cannot say where the background came from. */
    static Attribution noted(Attribution method, String note) {
        return (model, inputs, baselines, targets, monitor) -> method.attribute(model, inputs, baselines, targets, monitor).withNote(note);
    }

    /** How the background is described in both explainers' notes. */
    public static String describe(KMeans.Summary background) {
        return "background of " + background.weights().length
                + " k-means centres of the training data, seeded from the audit and shared by exact Shapley and KernelSHAP";
    }
}
