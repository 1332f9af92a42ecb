/**
 * The explainer SPI: what an explainer is ({@link dev.lucent.explain.api.Explainer}), what it is given
 * ({@link dev.lucent.explain.api.AuditContext}) and what it returns (the standard {@link dev.lucent.explain.api.Finding} kinds).
 * Built-in and plugin explainers are DS components registered under {@code Explainer}.
 *
 * <p>2.0.0: {@code AuditContext} hands over the model face's {@code dev.lucent.network.api.DataSplit} and
 * {@code DatasetSchema} (1.0) instead of the 0.x {@code dev.lucent.network.api.data} ones; otherwise as 1.1.0, plus what 1.2.0 added: declared parameters ({@code Parameter},
 * {@code ExplainerInfo.parameters}), {@code AuditContext.inCsvUnits}, {@code SensitiveAttribute} and
 * {@code Need.SENSITIVE_ATTRIBUTES}; current data for drift ({@code AuditContext.current},
 * {@code standardization}, {@code Need.CURRENT_DATA}); and {@code ExplainerInfo.unmetNeed}.
 *
 * <p>2.1.0: {@code Table.emphasized} (cells set apart, e.g. the values a counterfactual changed);
 * {@code ImageHeatmap.colourScale} (what red and blue mean when the map is not an attribution, e.g. a perturbation);
 * {@code AuditContext.inputStandardization}, the standardization as the face's 1.1
 * {@code dev.lucent.network.api.Standardization}; {@code standardization} (a 0.x type) is deprecated.
 */
@Export
@Version("2.1.0")
package dev.lucent.explain.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
