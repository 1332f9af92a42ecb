package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditContext;
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
 * The attribution method a quality check examines: parameter {@code method} (gradient by default), one of the
 * {@link AttributionProvider} services the method families register, so this bundle carries none of their code.
 */
final class Methods {
    private Methods() {
    }

    static String name(AuditContext context) {
        return context.parameter("method", "gradient").trim();
    }

    /**
     * The named method with this run's batch size and a seed of its own. It reports no progress of its own (the
     * check does) but still checks for cancellation, and it must give one value per input value.
     */
    static Attribution of(List<AttributionProvider> providers, AuditContext context, Explained e, String purpose) {
        String name = name(context).toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (AttributionProvider p : providers) {
            if (p.names().contains(name)) {
                Attribution method = p.create(name, context, e.batchRows(), Seeds.derive(context.seed(), purpose + "/method"));
                Monitor cancelOnly = (fraction, message) -> context.checkCancelled();
                return (model, inputs, baselines, targets, ignored) -> {
                    Attributions a = method.attribute(model, inputs, baselines, targets, cancelOnly);
                    if (a.values().length != inputs.size())
                        throw new IllegalArgumentException("method " + name + " gives " + a.values().length / inputs.shape()[0]
                                + " values per row; the quality checks need one per input value (" + inputs.size() / inputs.shape()[0] + ")");
                    return a;
                };
            }
            known.addAll(p.names());
        }
        throw new IllegalArgumentException("unknown attribution method '" + name + "'; use " + String.join(", ", known));
    }
}
