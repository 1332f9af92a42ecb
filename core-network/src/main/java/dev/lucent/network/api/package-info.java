/**
 * The engine's public face: tensors, the autodiff graph, layers, models and the
 * {@link dev.lucent.network.api.AuditableModel} that explainers use.
 */
@Export
@Version("0.1.0")
package dev.lucent.network.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
