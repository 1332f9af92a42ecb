/** Audit runs, reports and the commands Lucent offers headless (CLI). */
@Export
@Version("0.8.0")
package dev.lucent.audit.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
