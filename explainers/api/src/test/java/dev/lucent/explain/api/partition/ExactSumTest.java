package dev.lucent.explain.api.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {

    /** Terms whose naive sum loses most of its digits: wide magnitudes, both signs, cancellations. */
    private static List<Double> hardTerms(long seed, int n) {
        Random r = new Random(seed);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            xs.add(x);
            if (r.nextInt(4) == 0) xs.add(-x * (1 + 1e-12));
        }
        xs.add(1e300);
        xs.add(-1e300);
        return xs;
    }

    @Test
    void theSumIsTheExactSumRoundedOnce() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Double> xs = hardTerms(seed, 2000);
            BigDecimal exact = BigDecimal.ZERO;
            ExactSum sum = new ExactSum();
            for (double x : xs) {
                exact = exact.add(new BigDecimal(x));
                sum.add(x);
            }
            assertEquals(exact.doubleValue(), sum.value(), 0.0, "seed " + seed);
        }
    }

    @Test
    void anySplitAndAnyOrderOfMergesReadsTheSameBits() {
        List<Double> xs = hardTerms(7, 5000);
        ExactSum whole = new ExactSum();
        xs.forEach(whole::add);
        Random r = new Random(3);
        for (int trial = 0; trial < 10; trial++) {
            Collections.shuffle(xs, r);
            List<ExactSum> parts = new ArrayList<>();
            int at = 0;
            while (at < xs.size()) {
                int end = Math.min(xs.size(), at + 1 + r.nextInt(700));
                ExactSum part = new ExactSum();
                xs.subList(at, end).forEach(part::add);
                parts.add(part);
                at = end;
            }
            Collections.shuffle(parts, r);
            ExactSum merged = new ExactSum();
            parts.forEach(merged::merge);
            assertEquals(Double.doubleToLongBits(whole.value()), Double.doubleToLongBits(merged.value()), "trial " + trial);
        }
    }

    @Test
    void nonFiniteTermsAndOverflowAreNotLost() {
        assertEquals(Double.NaN, new ExactSum().add(1).add(Double.NaN).value());
        assertEquals(Double.POSITIVE_INFINITY, new ExactSum().add(Double.MAX_VALUE).add(Double.MAX_VALUE).value());
        assertEquals(0.0, new ExactSum().value());
    }
}
