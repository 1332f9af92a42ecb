package dev.lucent.audit.api;

/** The journal or its key cannot be used as asked; the message says why and what to do. */
public final class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
