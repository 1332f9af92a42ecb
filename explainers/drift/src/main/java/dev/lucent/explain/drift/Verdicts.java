package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import java.util.Locale;

/** The drift family's shared level and number formats. */
final class Verdicts {
    private Verdicts() {
    }

    /** {@code alpha}, declared once for the three explainers that test at a level; {@link #alpha} checks the same range. */
    static final Parameter ALPHA = Parameter.number("alpha", "0.05", 0.000001, 0.49,
            "significance level of every drift test (the false discovery rate across feature-drift's columns)");

    /** The significance level (false discovery rate for per-feature tests), parameter {@code alpha}, default 0.05. */
    static double alpha(AuditContext context) {
        double a = context.doubleParameter("alpha", 0.05);
        // the runner refuses an undeclared value first; this guards a direct caller (tests, the plugin kit) the same way
        if (ALPHA.problem(Double.toString(a)).isPresent())
            throw new IllegalArgumentException("parameter alpha " + ALPHA.problem(Double.toString(a)).get());
        return a;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String p(double v) {
        return v < 1e-4 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
