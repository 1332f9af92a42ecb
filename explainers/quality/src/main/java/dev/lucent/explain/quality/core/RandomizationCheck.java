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
 * A model of more than {@link #MAX_STEPS} layers is randomized in at most that many steps, each taking the next group
 * of consecutive layers from the top: a layer a step costs a ResNet-50 (54 layers, each step a re-drawn copy, a pass
 * and the attributions) over three minutes at 224 px, and the curve's shape, not its every point, is the finding.
 */
public final class RandomizationCheck {
    /** Steps of the cascade at most; a model of more layers randomizes them in groups. */
    public static final int MAX_STEPS = 16;

    private RandomizationCheck() {
    }

    /**
     * How many of the top layers are randomized after each step: 1, 2, ..., n for up to {@code maxSteps} layers, else
     * {@code maxSteps} counts spread evenly (ceil(n i / maxSteps)), the last always n.
     */
    public static int[] cascade(int layers, int maxSteps) {
        int steps = Math.min(layers, maxSteps);
        int[] counts = new int[steps];
        for (int i = 1; i <= steps; i++) counts[i - 1] = (int) ((layers * (long) i + steps - 1) / steps);
        return counts;
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
        return run(model, inputs, targets, method, layers, seed, MAX_STEPS, monitor);
    }

    /** As {@link #run(AuditableModel, Tensor, int[], Attribution, List, long, Monitor)} in at most {@code maxSteps} steps. */
    public static Result run(AuditableModel model, Tensor inputs, int[] targets, Attribution method,
                             List<String> layers, long seed, int maxSteps, Monitor monitor) throws AuditCancelledException {
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
        int[] cascade = cascade(layers.size(), maxSteps);
        int recorded = 0; // top layers already in randomizedSoFar
        for (int k = 0; k < cascade.length; k++) {
            int s = cascade[k];
            monitor.progress((k + 1.0) / (cascade.length + 1), "randomizing the top " + s + " layers");
            List<String> top = new ArrayList<>(layers.subList(layers.size() - s, layers.size()));
            java.util.Collections.reverse(top);
            // one seed for every step, so a layer randomized at one step keeps the same draw at the next
            AuditableModel random = model.withRandomizedLayers(top, seed);
            // a layer without parameters (activation, pooling, reshape) changes nothing: it is not a step
            float[] output = random.predict(inputs).toArray();
            if (java.util.Arrays.equals(output, previousOutput)) continue;
            previousOutput = output;
            if (cascade.length == layers.size()) randomizedSoFar.add(top.get(top.size() - 1)); // a layer a step: the one that moved the outputs
            else randomizedSoFar.addAll(top.subList(recorded, s)); // a group: every layer it re-drew
            recorded = s;
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
