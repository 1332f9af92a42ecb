package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditContext;
import java.util.Locale;

/** The drift family's shared level and number formats. */
final class Verdicts {
    private Verdicts() {
    }

    /** The significance level (false discovery rate for per-feature tests), parameter {@code alpha}, default 0.05. */
    static double alpha(AuditContext context) {
        double a = context.doubleParameter("alpha", 0.05);
        if (!(a > 0 && a < 0.5)) throw new IllegalArgumentException("parameter alpha must lie in (0, 0.5), got " + a);
        return a;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String p(double v) {
        return v < 1e-4 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
