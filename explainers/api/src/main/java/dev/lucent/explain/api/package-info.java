/**
 * The explainer SPI: what an explainer is ({@link dev.lucent.explain.api.Explainer}), what it is given
 * ({@link dev.lucent.explain.api.AuditContext}) and what it returns (the standard {@link dev.lucent.explain.api.Finding} kinds).
 * Built-in and plugin explainers are DS components registered under {@code Explainer}.
 */
@Export
@Version("1.2.0")
package dev.lucent.explain.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
