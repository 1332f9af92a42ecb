package dev.lucent.explain.api.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How an algorithm core reports progress and learns of cancellation, without knowing about an audit.
 * Cores call it between batches, so a cancelled run stops after at most one more model call.
 */
@ConsumerType
@FunctionalInterface
public interface Monitor {

    /** A monitor that ignores progress and is never cancelled (for direct use of a core). */
    Monitor NONE = (fraction, message) -> { };

    void progress(double fraction, String message) throws AuditCancelledException;

    /** Checks cancellation first, then reports progress to the context. */
    static Monitor of(AuditContext context) {
        return (fraction, message) -> {
            context.checkCancelled();
            context.progress(Math.max(0, Math.min(1, fraction)), message);
        };
    }

    /** This monitor mapped onto the sub-range [from, to] of the whole run's progress. */
    default Monitor range(double from, double to) {
        return (fraction, message) -> progress(from + (to - from) * fraction, message);
    }
}
