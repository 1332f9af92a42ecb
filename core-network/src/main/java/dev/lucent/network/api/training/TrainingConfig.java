package dev.lucent.network.api.training;

import dev.lucent.network.api.TrainingHistory;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How to train: loss, optimizer, schedule, batches, regularization, validation, early stopping, seed.
 * Build with {@link #builder}; every setting has a sensible default.
 *
 * @param monitor   "validation_loss", "validation_accuracy", "train_loss" or "train_accuracy"
 * @param patience  epochs without improvement before stopping; 0 disables early stopping
 * @param threads   kernel threads (results are bit-identical for any count)
 */
public record TrainingConfig(Loss loss, Optimizer optimizer, float learningRate, LearningRateSchedule schedule,
                             int epochs, int batchSize, long seed, float l1, float l2, float[] classWeights,
                             double validationFraction, String monitor, int patience, boolean restoreBest,
                             int threads, Consumer<TrainingHistory.EpochRecord> onEpoch, BooleanSupplier cancelled) {

    public static Builder builder(Loss loss) {
        return new Builder(loss);
    }

    public static final class Builder {
        private final Loss loss;
        private Optimizer optimizer = Optimizer.adam();
        private float learningRate = 1e-3f;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private int epochs = 10, batchSize = 32, patience = 0, threads = 1;
        private long seed = 0;
        private float l1, l2;
        private float[] classWeights;
        private double validationFraction;
        private String monitor = "validation_loss";
        private boolean restoreBest = true;
        private Consumer<TrainingHistory.EpochRecord> onEpoch = r -> { };
        private BooleanSupplier cancelled = () -> false;

        private Builder(Loss loss) {
            this.loss = loss;
        }

        public Builder optimizer(Optimizer o) { this.optimizer = o; return this; }
        public Builder learningRate(float lr) { this.learningRate = lr; return this; }
        public Builder schedule(LearningRateSchedule s) { this.schedule = s; return this; }
        public Builder epochs(int e) { this.epochs = e; return this; }
        public Builder batchSize(int b) { this.batchSize = b; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        /** L1 penalty l1 * sum|w| on decaying weights. */
        public Builder l1(float v) { this.l1 = v; return this; }
        /** L2 penalty l2 * sum w^2 on decaying weights (coupled: it enters the gradient). */
        public Builder l2(float v) { this.l2 = v; return this; }
        public Builder classWeights(float... w) { this.classWeights = w.clone(); return this; }
        /** Hold out this fraction of the training rows (seeded) when no validation split is given. */
        public Builder validationFraction(double f) { this.validationFraction = f; return this; }
        public Builder earlyStopping(String monitor, int patience, boolean restoreBest) {
            this.monitor = monitor;
            this.patience = patience;
            this.restoreBest = restoreBest;
            return this;
        }
        public Builder threads(int t) { this.threads = t; return this; }
        public Builder onEpoch(Consumer<TrainingHistory.EpochRecord> c) { this.onEpoch = c; return this; }
        public Builder cancelled(BooleanSupplier c) { this.cancelled = c; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(loss, optimizer, learningRate, schedule, epochs, batchSize, seed, l1, l2,
                    classWeights, validationFraction, monitor, patience, restoreBest, threads, onEpoch, cancelled);
        }
    }

    public TrainingConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (l1 < 0 || l2 < 0) throw new IllegalArgumentException("penalties must be >= 0");
        if (validationFraction < 0 || validationFraction >= 1) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        if (!java.util.Set.of("validation_loss", "validation_accuracy", "train_loss", "train_accuracy").contains(monitor))
            throw new IllegalArgumentException("unknown monitored metric '" + monitor + "'");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        classWeights = classWeights == null ? null : classWeights.clone();
    }
}
