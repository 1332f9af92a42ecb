package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OpCounters;
import dev.lucent.network.api.Tensor;
import java.util.Locale;

/**
 * An explainer's share of the audit's time, turned into work without reading the clock. The runner gives each
 * explainer its share of one audit budget as {@link AuditContext#timeBudget()}; a plan converts those seconds into
 * counted work (floating-point operations: the engine's op counters for model calls and training, a count from the
 * shapes for an explainer's own loops) at a fixed {@link Rate}. The same inputs, seed and budget
 * therefore give the same plan, and the same findings bit for bit, on any machine and under any load; a busy machine
 * makes the audit slower, not different.
 */
public final class TimeShare {
    /**
     * Floating-point operations a plan assumes one second pays for, by kind of work: calibrated on one core of the
     * shared 2-vCPU Xeon (counted operations per second of CPU time, so the machine's load does not enter it), less a
     * margin for what a plan does not count (allocation, the JIT's first calls, bookkeeping).
     */
    public enum Rate {
        /** The engine's passes (model calls, training): 8 to 23 GFLOP/s in batches, 4 to 6 on single rows. */
        ENGINE(5e9),
        /**
         * Attribution methods as the quality checks run them, row by row: the counters see a gradient's forward pass but
         * not its backward, about twice as costly; at 5 GFLOP/s of counted work the checks took 1.3 to 2 times their
         * share (a default image audit at load 24-36), so half that.
         */
        ATTRIBUTION(2.5e9),
        /** An explainer's own scalar loops (distances, a solver's sums): 3.8 GFLOP/s for squared distances of 784 values,
         * in float; the label-noise search kept to its share at 2. */
        LOOPS(2e9);

        public final double flopsPerSecond;

        Rate(double flopsPerSecond) {
            this.flopsPerSecond = flopsPerSecond;
        }
    }

    private TimeShare() {
    }

    /** The seconds this run's planned work may take: its share of the audit budget. */
    public static double seconds(AuditContext context) {
        return context.timeBudget().toNanos() / 1e9;
    }

    /** The operations of this kind this run's planned work may take ({@link #seconds} at the rate). */
    public static double flops(AuditContext context, Rate rate) {
        return seconds(context) * rate.flopsPerSecond;
    }

    /** The seconds {@code flops} operations of this kind are planned to take. */
    public static double secondsFor(double flops, Rate rate) {
        return flops / rate.flopsPerSecond;
    }

    /** Work to count. */
    public interface Work<T> {
        T run() throws AuditCancelledException;
    }

    /** A result and the operations the engine counted while computing it. */
    public record Counted<T>(T result, long flops) {
    }

    /**
     * Runs {@code work} with the engine's op counters on and returns what it counted (every op's FLOPs, forward and
     * backward, on any thread). Not to be nested: counters are one per process, and a worker runs one explainer at a time.
     */
    public static <T> Counted<T> counted(Work<T> work) throws AuditCancelledException {
        try (OpCounters c = OpCounters.start()) {
            T result = work.run();
            long flops = 0;
            for (OpCounters.OpStat s : c.snapshot()) flops += s.flops();
            return new Counted<>(result, flops);
        }
    }

    /**
     * The operations one row costs the model's forward pass, counted on the first row of {@code x} (shape {@code [n,
     * sample...]}); at least the multiply-adds of a linear map from the inputs to the outputs, for a model whose ops
     * are not the engine's.
     */
    public static double forwardFlopsPerRow(AuditableModel model, float[] x, int[] sampleShape) throws AuditCancelledException {
        int m = Data.sampleSize(Data.batchShape(1, sampleShape));
        float[] row = java.util.Arrays.copyOf(x, m);
        long counted = counted(() -> model.predict(Tensor.of(row, Data.batchShape(1, sampleShape)))).flops();
        return Math.max(counted, 2.0 * m * Math.max(1, model.outputCount()));
    }

    /** How a plan says its share, for a finding's note: the same words on any machine. */
    public static String described(AuditContext context, Rate rate) {
        return String.format(Locale.ROOT, "its share of the audit budget, %.2f s at a planned %.0f GFLOP/s", seconds(context),
                rate.flopsPerSecond / 1e9);
    }
}
