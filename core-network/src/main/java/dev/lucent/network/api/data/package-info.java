/**
 * Loading and splitting data sets (CSV, IDX, the known sets) into the {@link dev.lucent.network.api.DataSplit}s
 * and {@link dev.lucent.network.api.DatasetSchema} of the model face. 0.2.0: those two moved to the face. 0.3.0: {@link Sha256}, the one SHA-256 helper of every
 * bundle; {@link Standardizer} is the face's {@link dev.lucent.network.api.Standardization}.
 */
@Export
@Version("0.3.0")
package dev.lucent.network.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
