package dev.lucent.network.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a data set's values became a model's inputs, per feature: input = (value - mean) / std, so a value in the data's
 * own units is input * std + mean. Explainers read it to state numbers in those units (a mean shift, a Wasserstein
 * distance); the engine provides it. Since 1.1.
 */
@ProviderType
public interface Standardization {

    /** One value per feature (flattened sample, row-major); a copy, so read it once, not per value. */
    float[] mean();

    /** One positive value per feature; a copy, as {@link #mean()}. */
    float[] std();
}
