package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.quality.core.AttributionMethod;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Monitor;
import dev.lucent.explain.support.Seeds;

/** The attribution method a quality check examines: parameter {@code method} (gradient by default). */
final class Methods {
    private Methods() {
    }

    static String name(AuditContext context) {
        return context.parameter("method", "gradient").trim();
    }

    /** The method reports no progress of its own (the check does); it still checks for cancellation. */
    static AttributionMethod of(AuditContext context, Explained e, String purpose) {
        Monitor cancelOnly = (fraction, message) -> context.checkCancelled();
        return AttributionMethod.named(name(context), e.batchRows(), Seeds.derive(context.seed(), purpose + "/method"), cancelOnly);
    }
}
