package dev.lucent.audit.api;

import java.util.Objects;

/**
 * Which explainer, as a report names it: its id, display name, algorithm version and family, and the bundle (plugin
 * jar or built-in bundle) that provided it. Only the id is always known: an explainer that is no longer installed
 * has just its id.
 */
public record ExplainerRef(String id, String name, String version, String family, String bundle, String bundleVersion) {

    public ExplainerRef {
        Objects.requireNonNull(id, "id"); // the rest stays as read: a sealed report is re-read exactly as it was written
    }

    /** An explainer known only by its id (not installed here). */
    public static ExplainerRef unknown(String id) {
        return new ExplainerRef(id, null, null, null, null, null);
    }

    /** "explainer ID" and, when known, "(plugin/bundle B V)": who failed, in an error's words. */
    public String who() {
        return "explainer " + id + (bundle == null ? "" : " (plugin/bundle " + bundle + " " + bundleVersion + ")");
    }
}
