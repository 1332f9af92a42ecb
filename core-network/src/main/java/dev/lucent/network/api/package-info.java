/**
 * The model face explainers and plugins use, stable at 1.x: {@link dev.lucent.network.api.AuditableModel}
 * (with {@link dev.lucent.network.api.OutputKind} and {@link dev.lucent.network.api.LayerTrace}),
 * {@link dev.lucent.network.api.Tensor} (values, ops, reverse-mode autodiff, and its instrumentation
 * {@link dev.lucent.network.api.ProbeSession} and {@link dev.lucent.network.api.OpCounters}, which every op
 * reports to), the data an audit is given ({@link dev.lucent.network.api.DataSplit},
 * {@link dev.lucent.network.api.DatasetSchema}, and since 1.1.0 {@link dev.lucent.network.api.Standardization}, how
 * the data's values became the model's inputs) and {@link dev.lucent.network.api.TrainingHistory}; since 1.2.0
 * {@link dev.lucent.network.api.AuditableModel#weightedInputGradient}, the gradient of a weighted sum of outputs.
 * A minor version only adds; a breaking change would be 2.0 (bnd's baseline check fails the build on one).
 * Training (layers, Model, Trainer, optimizers, model files) is {@code dev.lucent.network.api.training}, 0.x.
 * See docs/engine.md.
 */
@Export
@Version("1.2.0")
package dev.lucent.network.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
