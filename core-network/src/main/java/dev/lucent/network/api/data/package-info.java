/** Data sets as the engine and explainers see them: a schema and labelled splits. */
@Export
@Version("0.2.0")
package dev.lucent.network.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
