package dev.lucent.spark;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.KernelShapExplainer;
import dev.lucent.explain.attribution.OcclusionExplainer;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.integratedgradients.IntegratedGradientsExplainer;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.saliency.GradientTimesInputExplainer;
import dev.lucent.explain.saliency.VanillaGradientsExplainer;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Seeds;
import dev.lucent.network.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-row attribution methods an audit on Spark distributes, by explainer id: the same {@link Attribution} classes
 * the explainers build, with the explainers' default settings, run on every row (or the rows below {@code --rows}) of
 * each partition. A method that draws random numbers is built once per row, seeded by the audit's seed and the row's
 * id, so a row's values do not depend on which rows share its partition.
 */
final class RowMethods {
    private RowMethods() {
    }

    /** How one method is built for a block of rows. */
    interface Factory {
        /**
         * @param rowSeed the row's own seed, for methods {@link Method#perRow()} builds once per row
         */
        Attribution create(RowsContext context, int batchRows, long rowSeed, KMeans.Summary background);
    }

    /**
     * @param title    the method's name in findings, as its explainer titles them
     * @param perRow   built once per row with the row's seed (sampling methods)
     * @param note     added to the method's own note: what the baselines were
     * @param explainer the explainer whose id, name and version the run reports
     */
    record Method(String id, String title, boolean perRow, String note, Supplier<Explainer> explainer, Factory factory) {
    }

    static final Map<String, Method> BY_ID = new LinkedHashMap<>();

    static {
        add(new Method("saliency", "Gradient", false, null, VanillaGradientsExplainer::new,
                (c, batch, seed, bg) -> new Gradients(batch)));
        add(new Method("gradient-x-input", "Gradient x input", false, null, GradientTimesInputExplainer::new,
                (c, batch, seed, bg) -> new InputXGradient(batch)));
        add(new Method("integrated-gradients", "Integrated gradients", false, "zeros baseline", IntegratedGradientsExplainer::new,
                (c, batch, seed, bg) -> new IntegratedGradients(IntegratedGradients.DEFAULT_STEPS, IntegratedGradients.DEFAULT_MAX_STEPS,
                        IntegratedGradients.DEFAULT_TOLERANCE, IntegratedGradients.DEFAULT_METHOD, batch)));
        add(new Method("kernel-shap", "KernelSHAP", true, null, KernelShapExplainer::new,
                (c, batch, seed, bg) -> new KernelShap(bg.centres(), bg.weights(), 0, seed, batch)));
        add(new Method("occlusion", "Feature ablation", false, "each feature set to its mean over the background sample in turn",
                OcclusionExplainer::new, (c, batch, seed, bg) -> {
                    FeatureAblation ablation = new FeatureAblation(batch);
                    float[] means = Data.featureMeans(c.train().features());
                    return (model, inputs, baselines, targets, monitor) -> ablation.attribute(model, inputs,
                            Tensor.of(means, 1, means.length), targets, monitor);
                }));
    }

    private static void add(Method m) {
        BY_ID.put(m.id(), m);
    }

    /** Row {@code rowId}'s seed for method {@code id}: the same on every executor, for any partitioning. */
    static long rowSeed(long seed, String id, long rowId) {
        return Seeds.derive(Seeds.derive(seed, id), Long.toString(rowId));
    }
}
