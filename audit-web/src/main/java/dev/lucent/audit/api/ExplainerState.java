package dev.lucent.audit.api;

import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import java.util.List;
import java.util.Set;

/**
 * An installed explainer as audits see it.
 *
 * @param needs         what it declares the model and data must offer; an audit whose inputs lack one reports it
 *                      NOT_APPLICABLE without running it
 * @param failureStreak audits in a row whose run of this explainer ended in an error
 * @param quarantined   true once the streak reached {@link AuditRunner#QUARANTINE_AFTER}: not offered until re-enabled
 * @param parameters    what it declares it reads ({@link ExplainerInfo#parameters()}); an audit may set only these
 */
public record ExplainerState(ExplainerRef explainer, Set<ExplainerInfo.Need> needs, int failureStreak, boolean quarantined,
                             String lastError, List<Parameter> parameters) {

    public ExplainerState {
        needs = Set.copyOf(needs);
        parameters = List.copyOf(parameters);
    }

    /** An explainer state without declared parameters. */
    public ExplainerState(ExplainerRef explainer, Set<ExplainerInfo.Need> needs, int failureStreak, boolean quarantined, String lastError) {
        this(explainer, needs, failureStreak, quarantined, lastError, List.of());
    }

    /** What the explainer declares, as {@link AuditRequest#checkParameters} reads it. */
    public ExplainerInfo info() {
        return new ExplainerInfo(explainer.id(), explainer.name(), explainer.version(), explainer.family(), "", needs, parameters);
    }

    /** The explainer's id, the key audits choose by. */
    public String id() {
        return explainer.id();
    }
}
