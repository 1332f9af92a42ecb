package dev.lucent.network.api.training;

/** The learning rate as a function of (fractional) epoch progress: epoch e, batch b of B is e + b/B. */
@FunctionalInterface
public interface LearningRateSchedule {
    double rate(double base, double epoch);

    static LearningRateSchedule constant() {
        return (base, epoch) -> base;
    }

    /** Multiplies by gamma every {@code every} epochs. */
    static LearningRateSchedule step(int every, double gamma) {
        if (every < 1) throw new IllegalArgumentException("step schedule needs every >= 1");
        return (base, epoch) -> base * Math.pow(gamma, Math.floor(epoch / every));
    }

    /** Cosine from base down to {@code min} over {@code epochs}, then min. */
    static LearningRateSchedule cosine(int epochs, double min) {
        return (base, epoch) -> epoch >= epochs ? min : min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * epoch / epochs));
    }

    /**
     * Linear warm-up from base/10 to base over {@code epochs} (starting at 0 would waste the first steps),
     * then {@code after}, its epochs counted from the end of the warm-up.
     */
    static LearningRateSchedule warmup(double epochs, LearningRateSchedule after) {
        return (base, epoch) -> epoch < epochs ? base * (0.1 + 0.9 * epoch / epochs) : after.rate(base, epoch - epochs);
    }
}
