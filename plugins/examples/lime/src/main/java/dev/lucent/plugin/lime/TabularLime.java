package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import java.util.SplittableRandom;

/**
 * LIME for one tabular row (Ribeiro et al. 2016, "sample around instance"): Gaussian perturbations scaled by
 * each feature's spread in the training data, an exponential kernel on the standardised distance, a weighted
 * ridge fit on all features, the top-K features by |coefficient| refitted alone. Coefficients are reported per
 * unit of each feature (a local slope), so on a linear model they recover its weights.
 */
final class TabularLime {

    /** @param slopes local slope per feature (0 for features not kept) */
    record Explanation(int target, double[] slopes, double r2, double kernelWidth, int kept) {
    }

    private TabularLime() {
    }

    /**
     * @param x     the row explained
     * @param target the class whose probability is explained (0 for a regression)
     * @param scale each feature's standard deviation in the training data (0 keeps the feature fixed)
     */
    static Explanation explain(AuditableModel model, float[] x, int target, double[] scale, Settings s, long seed,
                               Monitor monitor) throws AuditCancelledException {
        int d = x.length;
        int n = s.samples();
        int[] shape = {d};
        SplittableRandom random = new SplittableRandom(seed);
        // Standardised offsets: sample 0 is the row itself, as in LIME.
        double[][] z = new double[n][d];
        float[] samples = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double e = i == 0 || scale[j] == 0 ? 0 : random.nextGaussian();
                z[i][j] = e;
                samples[i * d + j] = (float) (x[j] + e * scale[j]);
            }
        double[] y = Scores.evaluate(model, samples, n, shape, target, monitor);
        double width = s.kernelWidth() > 0 ? s.kernelWidth() : 0.75 * Math.sqrt(d);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double dist2 = 0;
            for (int j = 0; j < d; j++) dist2 += z[i][j] * z[i][j];
            w[i] = Math.sqrt(Math.exp(-dist2 / (width * width)));
        }
        monitor.progress(0.9, "fitting the local surrogate");
        int[] all = new int[d];
        for (int j = 0; j < d; j++) all[j] = j;
        WeightedRidge.Fit first = WeightedRidge.fit(z, y, w, all, s.ridge());
        int[] kept = WeightedRidge.topK(first.coefficients(), s.topK());
        WeightedRidge.Fit fit = kept.length == d ? first : WeightedRidge.fit(z, y, w, kept, s.ridge());
        double[] slopes = new double[d];
        for (int j : kept) slopes[j] = scale[j] == 0 ? 0 : fit.coefficients()[j] / scale[j];
        return new Explanation(target, slopes, fit.r2(), width, kept.length);
    }
}
