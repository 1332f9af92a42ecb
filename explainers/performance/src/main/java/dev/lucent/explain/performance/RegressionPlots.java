package dev.lucent.explain.performance;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.support.RowSample;
import java.util.List;
import java.util.Locale;

/**
 * The two pictures a regression auditor reads beside MAE, RMSE and R^2: predicted against actual values (points on
 * the diagonal are exact; a tilt or curve away from it is a bias that depends on the value), and residuals against
 * the prediction (a funnel is error growing with the value, a curve is structure the model missed). Drawn as points,
 * one per held-out row, at most {@link #MAX_POINTS} (past that, the rows a hash of their id picks, said in the note,
 * so a cluster runner draws the same points).
 */
final class RegressionPlots {
    static final int MAX_POINTS = 2000;

    private RegressionPlots() {
    }

    /** The points of a bounded sample of the rows ({@link RowSample}: actual, predicted), out of {@code total} rows. */
    static List<Curve> of(RowSample sample, String splitName) {
        double[] a = sample.column(0), p = sample.column(1);
        int shown = a.length;
        long n = sample.seen();
        double[] r = new double[shown];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < shown; k++) {
            r[k] = a[k] - p[k];
            lo = Math.min(lo, Math.min(a[k], p[k]));
            hi = Math.max(hi, Math.max(a[k], p[k]));
        }
        double plo = Double.POSITIVE_INFINITY, phi = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            plo = Math.min(plo, v);
            phi = Math.max(phi, v);
        }
        if (shown == 0) lo = hi = plo = phi = 0;
        String rows = shown == n ? String.format(Locale.ROOT, "one point per %s row (%d)", splitName, n)
                : String.format(Locale.ROOT, "%d of the %d %s rows, chosen by a hash of the row id", shown, n, splitName);
        Curve versus = new Curve("Predicted versus actual", Stage.VALIDATION, "actual value", "predicted value",
                List.of(new Curve.Series(splitName + " rows", a, p), new Curve.Series("predicted = actual", new double[]{lo, hi}, new double[]{lo, hi})),
                rows + "; points on the diagonal are exact, points above it are over-predictions");
        Curve residuals = new Curve("Residuals", Stage.VALIDATION, "predicted value", "residual (actual - predicted)",
                List.of(new Curve.Series(splitName + " rows", p, r), new Curve.Series("zero", new double[]{plo, phi}, new double[]{0, 0})),
                rows + "; a funnel means the error grows with the prediction, a curve means structure the model missed");
        return List.of(versus, residuals);
    }
}
