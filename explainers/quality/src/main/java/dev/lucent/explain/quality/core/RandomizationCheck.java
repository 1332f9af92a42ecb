package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The model-parameter randomization sanity check (Adebayo et al. 2018, cascading): re-draw the layers'
 * parameters from the top layer down, one more layer per step, and measure the Spearman rank correlation
 * between each row's attribution magnitudes on the original and on the randomized model. A method that
 * explains the model must lose that correlation; one that does not (an edge detector in disguise) keeps it.
 */
public final class RandomizationCheck {
    private RandomizationCheck() {
    }

    /**
     * @param randomized  per step, the layers with parameters randomized so far (top layer first); layers whose
     *                    randomization leaves the outputs unchanged (no parameters) are not steps
     * @param correlation per step, the mean over rows of the Spearman correlation of |attributions|
     * @param lastRows    the per-row correlations of the last step (every layer randomized), for an interval
     */
    public record Result(List<List<String>> randomized, double[] correlation, double[] lastRows) {
        public double finalCorrelation() {
            return correlation[correlation.length - 1];
        }
    }

    /** @param layers the layers to randomize, in forward order; the check walks them backwards */
    public static Result run(AuditableModel model, Tensor inputs, int[] targets, Attribution method,
                             List<String> layers, long seed, Monitor monitor) throws AuditCancelledException {
        if (layers.isEmpty()) throw new IllegalArgumentException(model.name() + " names no layers to randomize");
        int n = inputs.shape()[0];
        int m = Data.sampleSize(inputs.shape());
        monitor.progress(0, "attributions on the original model");
        float[] original = method.attribute(model, inputs, null, targets, Monitor.NONE).values();
        float[] previousOutput = model.predict(inputs).toArray();
        List<List<String>> steps = new ArrayList<>();
        List<Double> corr = new ArrayList<>();
        List<String> randomizedSoFar = new ArrayList<>();
        double[] lastRows = new double[0];
        for (int s = 1; s <= layers.size(); s++) {
            monitor.progress((double) s / (layers.size() + 1), "randomizing the top " + s + " layers");
            List<String> top = new ArrayList<>(layers.subList(layers.size() - s, layers.size()));
            java.util.Collections.reverse(top);
            // one seed for every step, so a layer randomized at one step keeps the same draw at the next
            AuditableModel random = model.withRandomizedLayers(top, seed);
            // a layer without parameters (activation, pooling, reshape) changes nothing: it is not a step
            float[] output = random.predict(inputs).toArray();
            if (java.util.Arrays.equals(output, previousOutput)) continue;
            previousOutput = output;
            randomizedSoFar.add(top.get(top.size() - 1));
            float[] after = method.attribute(random, inputs, null, targets, Monitor.NONE).values();
            double sum = 0;
            int counted = 0;
            double[] rows = new double[n];
            for (int i = 0; i < n; i++) {
                double[] a = new double[m], b = new double[m];
                for (int j = 0; j < m; j++) {
                    a[j] = Math.abs(original[i * m + j]);
                    b[j] = Math.abs(after[i * m + j]);
                }
                double rho = Stats.spearman(a, b);
                if (Double.isNaN(rho)) {
                    boolean origConstant = Double.isNaN(Stats.spearman(a, a));
                    if (origConstant) continue; // nothing to compare: the original map is flat
                    rho = 0; // the randomized map went flat: no rank relation is left
                }
                sum += rho;
                rows[counted++] = rho;
            }
            lastRows = java.util.Arrays.copyOf(rows, counted);
            steps.add(List.copyOf(randomizedSoFar));
            corr.add(counted == 0 ? Double.NaN : sum / counted);
        }
        if (steps.isEmpty())
            throw new UnsupportedOperationException("randomizing " + layers + " did not change the outputs of " + model.name());
        double[] c = new double[corr.size()];
        for (int k = 0; k < c.length; k++) c[k] = corr.get(k);
        monitor.progress(1, "randomization check done");
        return new Result(List.copyOf(steps), c, lastRows);
    }
}
