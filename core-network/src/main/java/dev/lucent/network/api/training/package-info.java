/**
 * The training side of the engine, still 0.x (a minor version may break it): layers composed from tensor
 * ops, {@link dev.lucent.network.api.training.Model} (a named-layer graph that is an
 * {@link dev.lucent.network.api.AuditableModel}), {@link dev.lucent.network.api.training.Trainer},
 * optimizers and schedules, and model files ({@link dev.lucent.network.api.training.ModelFile}).
 * Explainers and plugins need none of it; the host, the CLI and tests do. Version 0.4.0 continues the
 * numbering of {@code dev.lucent.network.api} (0.3.0), where these classes lived; 0.5.0 adds
 * {@link dev.lucent.network.api.training.Model#trainStep}.
 */
@Export
@Version("0.5.0")
package dev.lucent.network.api.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
