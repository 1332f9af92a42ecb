package dev.lucent.explain.api;

/** Thrown by {@link AuditContext#checkCancelled()} once the audit was cancelled or ran out of time. */
public class AuditCancelledException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditCancelledException(String message) {
        super(message);
    }
}
