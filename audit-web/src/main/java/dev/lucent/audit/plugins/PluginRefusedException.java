package dev.lucent.audit.plugins;

/** A plugin jar failed a check before installation; the message says why in plain words. */
public final class PluginRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginRefusedException(String message) {
        super(message);
    }

    public PluginRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
