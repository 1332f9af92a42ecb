package dev.lucent.explain.api.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An attribution method: how much each input value (or pixel) of a row contributes to the output explained.
 * Settings (steps, samples, window, background, batch size, seed) go to the implementation's constructor, so
 * one instance answers the same way for any data; the model and data come to {@link #attribute}.
 */
@ConsumerType
@FunctionalInterface
public interface Attribution {

    /**
     * @param model     the model explained; the method only calls it
     * @param inputs    {@code [n, ...]} rows, the shape the model takes
     * @param baselines what "feature absent" means: the shape of {@code inputs}, or one row {@code [1, ...]} for all
     *                  rows; null for the method's own default (zeros, or the background it was built with).
     *                  Methods that need no baseline (gradients) ignore it
     * @param targets   per row, the output unit explained
     * @param monitor   told of progress between model calls; throws once the run is cancelled
     */
    Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException;
}
