/**
 * The engine's public face: {@link dev.lucent.network.api.Tensor} (values, ops, reverse-mode autodiff),
 * layers composed from tensor ops, {@link dev.lucent.network.api.Model} (a named-layer graph that is the
 * {@link dev.lucent.network.api.AuditableModel} explainers use), training
 * ({@link dev.lucent.network.api.Trainer}), instrumentation ({@link dev.lucent.network.api.ProbeSession},
 * {@link dev.lucent.network.api.OpCounters}) and model files ({@link dev.lucent.network.api.ModelFile}).
 * See docs/engine.md.
 */
@Export
@Version("0.3.0")
package dev.lucent.network.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
