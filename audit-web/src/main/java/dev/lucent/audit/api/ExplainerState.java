package dev.lucent.audit.api;

import dev.lucent.explain.api.ExplainerInfo;
import java.util.Set;

/**
 * An installed explainer as audits see it.
 *
 * @param needs         what it declares the model and data must offer; an audit whose inputs lack one reports it
 *                      NOT_APPLICABLE without running it
 * @param failureStreak audits in a row whose run of this explainer ended in an error
 * @param quarantined   true once the streak reached {@link AuditRunner#QUARANTINE_AFTER}: not offered until re-enabled
 */
public record ExplainerState(ExplainerRef explainer, Set<ExplainerInfo.Need> needs, int failureStreak, boolean quarantined,
                             String lastError) {

    public ExplainerState {
        needs = Set.copyOf(needs);
    }

    /** The explainer's id, the key audits choose by. */
    public String id() {
        return explainer.id();
    }
}
