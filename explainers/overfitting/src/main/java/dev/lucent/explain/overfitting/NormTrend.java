package dev.lucent.explain.overfitting;

import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.TrainingHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer weight and gradient norms over the epochs, and their growth: the least-squares slope of ln(norm) per
 * epoch over the second half of training (the first epochs are transients). Weights that keep growing once the
 * loss has flattened are the signature of fitting ever finer detail, which L2 counteracts; gradients that grow
 * by orders of magnitude signal instability, and vanishing ones a layer that stopped learning.
 */
record NormTrend(String layer, double[] epochs, double[] weightNorm, double[] gradientNorm, Growth weightGrowth, Growth gradientGrowth) {

    /**
     * A growth rate per epoch and its 95% interval: the least-squares slope's t-interval (n - 2 degrees of freedom)
     * from the scatter of ln(norm) about the fitted line; unknown (NaN) with fewer than 3 points.
     */
    record Growth(double slope, double lower, double upper) {
    }

    static List<NormTrend> of(TrainingHistory history) {
        Map<String, List<double[]>> byLayer = new LinkedHashMap<>();
        for (TrainingHistory.EpochRecord e : history.epochs())
            for (TrainingHistory.LayerTelemetry t : e.layers())
                if (!Double.isNaN(t.weightNorm()) || !Double.isNaN(t.gradientNorm()))
                    byLayer.computeIfAbsent(t.layer(), k -> new ArrayList<>()).add(new double[] {e.epoch(), t.weightNorm(), t.gradientNorm()});
        List<NormTrend> out = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> en : byLayer.entrySet()) {
            List<double[]> pts = en.getValue();
            double[] ep = new double[pts.size()];
            double[] w = new double[pts.size()];
            double[] g = new double[pts.size()];
            for (int i = 0; i < ep.length; i++) {
                ep[i] = pts.get(i)[0];
                w[i] = pts.get(i)[1];
                g[i] = pts.get(i)[2];
            }
            out.add(new NormTrend(en.getKey(), ep, w, g, logSlope(ep, w), logSlope(ep, g)));
        }
        return out;
    }

    /** Least-squares slope of ln(y) against x over the second half of the points with y > 0; NaN with fewer than 2. */
    static Growth logSlope(double[] x, double[] y) {
        int from = x.length / 2;
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = from; i < x.length; i++)
            if (y[i] > 0) {
                sx += x[i];
                sy += StrictMath.log(y[i]);
                n++;
            }
        if (n < 2) return new Growth(Double.NaN, Double.NaN, Double.NaN);
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < x.length; i++)
            if (y[i] > 0) {
                sxy += (x[i] - mx) * (StrictMath.log(y[i]) - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
        if (sxx == 0) return new Growth(Double.NaN, Double.NaN, Double.NaN);
        double slope = sxy / sxx;
        if (n < 3) return new Growth(slope, Double.NaN, Double.NaN);
        double rss = 0;
        for (int i = from; i < x.length; i++)
            if (y[i] > 0) {
                double r = StrictMath.log(y[i]) - my - slope * (x[i] - mx);
                rss += r * r;
            }
        double hw = Stats.t975(n - 2) * Math.sqrt(rss / (n - 2) / sxx);
        return new Growth(slope, slope - hw, slope + hw);
    }
}
