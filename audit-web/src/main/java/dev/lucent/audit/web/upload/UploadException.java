package dev.lucent.audit.web.upload;

/** An upload refused, with the HTTP status to answer and one line naming the problem. */
public final class UploadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public UploadException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
