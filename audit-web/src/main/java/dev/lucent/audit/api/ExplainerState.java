package dev.lucent.audit.api;

/**
 * An installed explainer as audits see it.
 *
 * @param failureStreak audits in a row whose run of this explainer ended in an error
 * @param quarantined   true once the streak reached {@link AuditRunner#QUARANTINE_AFTER}: not offered until re-enabled
 */
public record ExplainerState(String id, String name, String version, String family, String bundle, String bundleVersion,
                             int failureStreak, boolean quarantined, String lastError) {
}
