/**
 * One contract for every attribution method (Captum's lesson): an {@link dev.lucent.explain.api.attribution.Attribution}
 * takes its settings in its constructor and the data in one call, and returns
 * {@link dev.lucent.explain.api.attribution.Attributions} (values, their uncertainty, notes).
 * {@link dev.lucent.explain.api.attribution.AttributionFindings} turns them into the standard findings, for built-in
 * and plugin explainers alike; {@link dev.lucent.explain.api.attribution.AttributionProvider} services offer methods by
 * name to the checks that examine them (max-sensitivity, infidelity, the randomization sanity check, deletion/insertion).
 */
@Export
@Version("1.0.0")
package dev.lucent.explain.api.attribution;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
