package dev.lucent.audit.runner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The plugin jars running in this host, as they were checked and installed. An audit copies them into its own
 * folder when it begins, and every worker JVM of that audit loads those copies: a jar replaced in the plugins
 * folder while the audit runs changes nothing for it (it finishes on the old version), the next audit uses the new.
 */
public interface PluginJars {

    /** Writes each running plugin's installed jar into {@code folder} (created), under its file name. */
    void copyRunning(Path folder) throws IOException;
}
