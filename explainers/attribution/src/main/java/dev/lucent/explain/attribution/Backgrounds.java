package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.support.Seeds;

/** The background both Shapley explainers use: the training data summarised by k-means (parameter {@code background}, 10). */
final class Backgrounds {
    private Backgrounds() {
    }

    static KMeans.Summary of(AuditContext context, String purpose) {
        int k = context.intParameter("background", 10);
        if (k < 1) throw new IllegalArgumentException("parameter background (k-means centres) must be at least 1, got " + k);
        return KMeans.summarise(context.train().features(), k, Seeds.derive(context.seed(), purpose + "/background"));
    }
}
