package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditContext;

/**
 * The part of an explainer's time limit its planned work may take: half. Explainers whose cost grows with their
 * settings (rows, shuffles, epochs) measure one unit of work and choose settings that fit this share, leaving the
 * other half for a machine that gets busier during the run, start-up and the findings after the work.
 */
public final class TimeShare {
    public static final double SHARE = 0.5;

    private TimeShare() {
    }

    /** The seconds planned work may take under a time limit of {@code limitSeconds}. */
    public static double seconds(double limitSeconds) {
        return SHARE * limitSeconds;
    }

    /** The seconds planned work may take in this run. */
    public static double seconds(AuditContext context) {
        return seconds(context.timeBudget().toMillis() / 1000.0);
    }
}
