package dev.lucent.explain.support;

import dev.lucent.explain.api.partition.ExactSum;
import java.io.Serializable;

/**
 * The mergeable summary behind MAE, RMSE and R^2: a row count and exact sums ({@link ExactSum}) of absolute errors,
 * squared errors, targets, squared targets and signed errors. Each row's terms are computed from the row alone (a square as its
 * rounded value plus the exact rounding error, by fused multiply-add), so the sums, and the metrics read from them, are
 * the same bits for any split of the rows and any order of merging. A row of weight w adds its terms w times.
 *
 * <p>R^2's total sum of squares is {@code (n * sum(y^2) - sum(y)^2) / n} with both sums exact and {@code sum(y)} rounded
 * once before it is squared: relative error about {@code 2^-52 * mean^2 / variance} against a two-pass computation.
 */
public final class RegressionSums implements Serializable {

    private static final long serialVersionUID = 1L;

    private long rows;
    /** Smallest and largest target: constant targets have no variance to explain, whatever the sums' rounding says. */
    private double lowest = Double.POSITIVE_INFINITY, highest = Double.NEGATIVE_INFINITY;
    private final ExactSum absolute = new ExactSum();
    private final ExactSum squared = new ExactSum();
    private final ExactSum target = new ExactSum();
    private final ExactSum targetSquared = new ExactSum();
    /** Prediction minus target: whom the model over- or under-estimates. */
    private final ExactSum signed = new ExactSum();

    /** One row, {@code weight} times (a bootstrap replicate's weight; 1 for the data as it is). */
    public RegressionSums add(double actual, double predicted, int weight) {
        double e = actual - predicted;
        double a = Math.abs(e);
        double e2 = e * e, e2err = Math.fma(e, e, -e2);
        double y2 = actual * actual, y2err = Math.fma(actual, actual, -y2);
        for (int k = 0; k < weight; k++) {
            absolute.add(a);
            squared.add(e2).add(e2err);
            target.add(actual);
            targetSquared.add(y2).add(y2err);
            signed.add(-e);
        }
        rows += weight;
        if (weight > 0) {
            lowest = Math.min(lowest, actual);
            highest = Math.max(highest, actual);
        }
        return this;
    }

    public RegressionSums merge(RegressionSums other) {
        rows += other.rows;
        lowest = Math.min(lowest, other.lowest);
        highest = Math.max(highest, other.highest);
        absolute.merge(other.absolute);
        squared.merge(other.squared);
        target.merge(other.target);
        targetSquared.merge(other.targetSquared);
        signed.merge(other.signed);
        return this;
    }

    public long rows() {
        return rows;
    }

    /** Mean of prediction minus target (positive: the model overestimates); NaN without rows. */
    public double meanSignedError() {
        return rows == 0 ? Double.NaN : signed.value() / rows;
    }

    /** MAE, RMSE and R^2 (sklearn's r2_score: with constant targets 1 for a perfect fit, else 0); NaN without rows. */
    public RegressionMetrics metrics() {
        if (rows == 0) return new RegressionMetrics(Double.NaN, Double.NaN, Double.NaN);
        double n = rows;
        double sq = squared.value();
        double sum = target.value();
        ExactSum totalTimesN = new ExactSum();
        double hi = n * targetSquared.value();
        totalTimesN.add(hi).add(Math.fma(n, targetSquared.value(), -hi));
        double s2 = sum * sum;
        totalTimesN.add(-s2).add(-Math.fma(sum, sum, -s2));
        double tot = lowest == highest ? 0 : Math.max(0, totalTimesN.value()) / n;
        double r2 = tot == 0 ? (sq == 0 ? 1.0 : 0.0) : 1 - sq / tot;
        return new RegressionMetrics(absolute.value() / n, Math.sqrt(sq / n), r2);
    }
}
