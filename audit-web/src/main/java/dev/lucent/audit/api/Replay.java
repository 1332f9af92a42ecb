package dev.lucent.audit.api;

/**
 * The outcome of re-running an audit with the same inputs: {@code identical} when the new findings hash equals
 * the original's, i.e. every finding came out the same, bit for bit.
 */
public record Replay(boolean identical, String originalFindingsHash, String replayFindingsHash, AuditReport replayed) {
}
