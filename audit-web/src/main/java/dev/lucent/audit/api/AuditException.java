package dev.lucent.audit.api;

/** An audit could not start: the message is one line naming the problem (file, line, column where known). */
public class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
