package dev.lucent.explain.overfitting;

import dev.lucent.network.api.TrainingHistory;
import java.util.List;

/**
 * The epoch early stopping would have kept: the first epoch with the lowest validation loss. The history
 * overfits past it when the last validation loss is more than {@code tolerance} (relative) above that minimum
 * while the training loss went on falling.
 *
 * @param bestEpoch        1-based epoch of the lowest validation loss
 * @param relativeRise     (last validation loss - minimum) / minimum
 * @param trainLossFell    whether training loss kept falling after the best epoch
 */
record EarlyStopping(int bestEpoch, int lastEpoch, double bestValidationLoss, double lastValidationLoss, double relativeRise,
                     boolean trainLossFell, boolean overfitsAfterBest) {

    /** Null when the history has no validation losses. */
    static EarlyStopping of(TrainingHistory history, double tolerance) {
        List<TrainingHistory.EpochRecord> e = history.epochs();
        int best = -1;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < e.size(); i++) {
            double v = e.get(i).validationLoss();
            if (!Double.isNaN(v) && v < min) {
                min = v;
                best = i;
            }
        }
        if (best < 0) return null;
        int lastIdx = e.size() - 1;
        while (lastIdx > best && Double.isNaN(e.get(lastIdx).validationLoss())) lastIdx--;
        double last = e.get(lastIdx).validationLoss();
        double rise = min == 0 ? (last > 0 ? Double.POSITIVE_INFINITY : 0) : (last - min) / Math.abs(min);
        boolean fell = e.get(lastIdx).trainLoss() < e.get(best).trainLoss();
        return new EarlyStopping(e.get(best).epoch(), e.get(lastIdx).epoch(), min, last, rise, fell, rise > tolerance && fell);
    }
}
