package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Seeds;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A check of an attribution method: parameter {@code method} (gradient by default) names one of the
 * {@link AttributionProvider} services the method families register, so this bundle carries none of their code.
 */
abstract class QualityExplainer implements Explainer {
    /** The declaration of {@code method}, which {@link #methodName} reads: every check declares it in the same words. */
    static final Parameter METHOD = Parameter.text("method", "gradient", "the attribution method checked, by name (gradient,"
            + " gradient-x-input, smoothgrad, integrated-gradients, kernel-shap, exact-shapley, feature-ablation)");

    private final ExplainerInfo info;
    private final List<AttributionProvider> methods;

    /** @param methods the attribution methods installed */
    QualityExplainer(ExplainerInfo info, List<AttributionProvider> methods) {
        this.info = info;
        this.methods = List.copyOf(methods);
    }

    @Override
    public final ExplainerInfo info() {
        return info;
    }

    static String methodName(AuditContext context) {
        return context.parameter("method", "gradient").trim();
    }

    /**
     * The named method with this run's batch size and a seed of its own. It reports no progress of its own (the
     * check does) but still checks for cancellation, and it must give one value per input value.
     */
    Attribution method(AuditContext context, Explained e) {
        String name = methodName(context).toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (AttributionProvider p : methods) {
            if (p.names().contains(name)) {
                Attribution method = p.create(name, context, e.batchRows(), Seeds.derive(context.seed(), info.id() + "/method"));
                Monitor cancelOnly = (fraction, message) -> context.checkCancelled();
                return (model, inputs, baselines, targets, ignored) -> {
                    Attributions a = method.attribute(model, inputs, baselines, targets, cancelOnly);
                    int perRow = a.values().length / inputs.shape()[0], m = inputs.size() / inputs.shape()[0];
                    if (perRow != m)
                        throw new IllegalArgumentException("method " + name + " gives " + perRow
                                + " values per row; the quality checks need one per input value (" + m + ")");
                    return a;
                };
            }
            known.addAll(p.names());
        }
        throw new IllegalArgumentException("unknown attribution method '" + name + "'; use " + String.join(", ", known));
    }

    /**
     * The installed methods other than the one checked, for a remedy that sends the user to a method the run did not
     * check: "gradient-x-input, integrated-gradients or kernel-shap".
     */
    String otherMethods(String checked) {
        TreeSet<String> others = new TreeSet<>();
        for (AttributionProvider p : methods) others.addAll(p.names());
        others.remove(checked.toLowerCase(Locale.ROOT));
        if (others.isEmpty()) return "another attribution method (none other is installed)";
        List<String> list = List.copyOf(others);
        return list.size() == 1 ? list.get(0) : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    /** The named method's attributions of the rows, {@code n * m} values. */
    float[] attributions(AuditContext context, Explained e) throws AuditCancelledException {
        return method(context, e).attribute(context.model(), e.inputs(), null, e.targets(), Monitor.NONE).values();
    }
}
