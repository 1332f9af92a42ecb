package dev.lucent.network.api.training;

import java.io.IOException;

/** A model file that cannot be used: not a Lucent model, truncated, modified, or inconsistent. */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
