package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.support.Seeds;
import java.util.Locale;

/**
 * The background both Shapley explainers use: the training data summarised by k-means (parameter {@code background},
 * 10). One audit gives both the same centres: they are a function of the training data, k and the audit's seed
 * alone, so exact Shapley and KernelSHAP report the same base value and can be compared row by row.
 */
final class Backgrounds {
    /** The seed's purpose, shared by both explainers (each once derived its own, giving two backgrounds per audit). */
    static final String PURPOSE = "shapley/background";

    private Backgrounds() {
    }

    static KMeans.Summary of(AuditContext context) {
        int k = context.intParameter("background", 10);
        if (k < 1) throw new IllegalArgumentException("parameter background (k-means centres) must be at least 1, got " + k);
        return KMeans.summarise(context.train().features(), k, Seeds.derive(context.seed(), PURPOSE));
    }

    /** How the background is described in both explainers' notes. */
    static String describe(KMeans.Summary background) {
        return "background of " + background.weights().length
                + " k-means centres of the training data, seeded from the audit and shared by exact Shapley and KernelSHAP";
    }

    static String[] rowNotes(ShapleyResult r) {
        String[] notes = new String[r.output().length];
        for (int i = 0; i < notes.length; i++)
            notes[i] = String.format(Locale.ROOT, "base value E[f(background)] = %.4g, f(x) = %.4g: the values add up to the difference",
                    r.baseValue()[i], r.output()[i]);
        return notes;
    }

    static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
