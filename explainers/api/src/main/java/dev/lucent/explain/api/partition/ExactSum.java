package dev.lucent.explain.api.partition;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A sum of doubles that is exact until it is read, so that the rounded result does not depend on the order of the
 * additions or on how the terms were split between summaries: what a merge across partitions needs for means,
 * squared errors and attribution totals. Shewchuk's non-overlapping partials, as Python's {@code math.fsum}.
 */
public final class ExactSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private double[] partials = new double[4];
    private int size;
    private boolean nonFinite;
    private double nonFiniteSum;

    public ExactSum add(double x) {
        if (!Double.isFinite(x)) {
            nonFinite = true;
            nonFiniteSum += x;
            return this;
        }
        int kept = 0;
        for (int i = 0; i < size; i++) {
            double y = partials[i];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) partials[kept++] = lo;
            x = hi;
        }
        if (Double.isInfinite(x)) { // the exact sum overflows a double: say so rather than lose it silently
            nonFinite = true;
            nonFiniteSum += x;
            size = kept;
            return this;
        }
        if (kept == partials.length) partials = Arrays.copyOf(partials, kept * 2);
        partials[kept++] = x;
        size = kept;
        return this;
    }

    /** Adds every term of {@code other}; exact, so {@code a.merge(b)} and {@code b.merge(a)} read the same. */
    public ExactSum merge(ExactSum other) {
        for (int i = 0; i < other.size; i++) add(other.partials[i]);
        if (other.nonFinite) {
            nonFinite = true;
            nonFiniteSum += other.nonFiniteSum;
        }
        return this;
    }

    /** The exact sum, rounded once to the nearest double (NaN or an infinity if a term was one or it overflowed). */
    public double value() {
        if (nonFinite) return nonFiniteSum;
        if (size == 0) return 0.0;
        int i = size - 1;
        double hi = partials[i];
        double lo = 0;
        while (i > 0) {
            double x = hi;
            double y = partials[--i];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        // round half to even correctly when the rest of the partials push the halfway case one way
        if (i > 0 && ((lo < 0 && partials[i - 1] < 0) || (lo > 0 && partials[i - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) hi = x;
        }
        return hi;
    }
}
