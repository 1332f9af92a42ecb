package dev.lucent.explain.support;

import java.io.Serializable;

/**
 * A group's {@link RegressionSums} over its rows as they are, and the same per Poisson-bootstrap replicate (each row
 * added with its weight in that replicate): the mergeable summary behind a regression metric with its interval.
 */
public final class RegressionReplicates implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RegressionSums sums = new RegressionSums();
    private final RegressionSums[] replicates;

    public RegressionReplicates(int replicates) {
        this.replicates = new RegressionSums[replicates];
        for (int b = 0; b < replicates; b++) this.replicates[b] = new RegressionSums();
    }

    /** One row, with its weight in every replicate ({@link PoissonBootstrap#weights}). */
    public RegressionReplicates add(double actual, double predicted, int[] weights) {
        sums.add(actual, predicted, 1);
        for (int b = 0; b < weights.length; b++) if (weights[b] > 0) replicates[b].add(actual, predicted, weights[b]);
        return this;
    }

    public RegressionReplicates merge(RegressionReplicates other) {
        if (other.replicates.length != replicates.length)
            throw new IllegalArgumentException("cannot merge " + other.replicates.length + " replicates into " + replicates.length);
        sums.merge(other.sums);
        for (int b = 0; b < replicates.length; b++) replicates[b].merge(other.replicates[b]);
        return this;
    }

    /** The rows as they are. */
    public RegressionSums sums() {
        return sums;
    }

    public RegressionSums replicate(int b) {
        return replicates[b];
    }

    public int replicates() {
        return replicates.length;
    }
}
