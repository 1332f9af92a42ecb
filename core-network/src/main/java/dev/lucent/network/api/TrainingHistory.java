package dev.lucent.network.api;

import java.util.List;

/**
 * What happened while a model trained, epoch by epoch, as explainers and reports read it.
 *
 * @param epochs          one record per finished epoch, in order
 * @param monitoredMetric the metric early stopping watched (e.g. "validation_loss"), or null
 * @param bestEpoch       the epoch whose weights were kept (1-based), or the last epoch
 */
public record TrainingHistory(List<EpochRecord> epochs, String monitoredMetric, int bestEpoch) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /**
     * One epoch. Values not measured are {@code Double.NaN}.
     *
     * @param accuracy training/validation accuracy for classifiers; NaN for regression
     */
    public record EpochRecord(int epoch, double trainLoss, double validationLoss,
                              double trainAccuracy, double validationAccuracy,
                              double learningRate, List<LayerTelemetry> layers) {
        public EpochRecord {
            layers = List.copyOf(layers);
        }
    }

    /** Per-layer telemetry at the end of an epoch. Values not measured are NaN. */
    public record LayerTelemetry(String layer, double weightNorm, double gradientNorm, double updateToWeightRatio,
                                 double deadReluFraction, double activationMean, double activationStd) {
    }
}
