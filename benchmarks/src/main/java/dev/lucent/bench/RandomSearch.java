package dev.lucent.bench;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.Standardizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The peer: DiCE's model-agnostic {@code method="random"} (dice_ml/explainer_interfaces/dice_random.py) as its authors
 * wrote it, for a binary classifier on continuous features. Per row: rounds of {@code sampleSize} candidates (DiCE's
 * default 1000), each a copy of the row with {@code m} features drawn uniformly from their training range, m = 1 in the
 * first round and one more each round, until k distinct valid ones are found (the first k, in sampling order, as DiCE
 * keeps them); then DiCE's default post-hoc sparsity enhancement: a change smaller than the 0.1 quantile of the
 * feature's absolute deviation from its training median is walked back towards the row's value by bisection while the
 * decision holds. Every candidate's decision comes from the model's batch predictions, as DiCE's do.
 */
final class RandomSearch {

    private final AuditableModel model;
    private final Standardizer st;
    private final double[] lo, hi, sd, smallChange;
    private final int d, sampleSize;

    RandomSearch(AuditableModel model, Standardizer st, DataSplit trainCsv, int sampleSize) {
        this.model = model;
        this.st = st;
        this.sampleSize = sampleSize;
        float[] x = trainCsv.features().toArray();
        int n = trainCsv.rows();
        d = x.length / n;
        lo = new double[d];
        hi = new double[d];
        sd = new double[d];
        smallChange = new double[d];
        for (int j = 0; j < d; j++) {
            double[] col = new double[n];
            double mean = 0;
            for (int i = 0; i < n; i++) mean += col[i] = x[i * d + j];
            mean /= n;
            double var = 0;
            for (double v : col) var += (v - mean) * (v - mean);
            sd[j] = Math.sqrt(var / n);
            Arrays.sort(col);
            lo[j] = col[0];
            hi[j] = col[n - 1];
            double median = col[n / 2];
            double[] dev = Arrays.stream(col).map(v -> Math.abs(v - median)).sorted().toArray();
            smallChange[j] = dev[(int) (0.1 * (n - 1))];
        }
    }

    record Result(int valid, double meanDistance, double medianDistance, double meanChanged, List<List<double[]>> counterfactuals) {
    }

    private boolean[] decides(List<double[]> points, int target) {
        float[] in = new float[points.size() * d];
        for (int i = 0; i < points.size(); i++)
            for (int j = 0; j < d; j++) in[i * d + j] = (float) ((points.get(i)[j] - st.mean()[j]) / st.std()[j]);
        float[][] p = model.probabilities(Tensor.of(in, points.size(), d));
        boolean[] out = new boolean[p.length];
        for (int i = 0; i < p.length; i++) out[i] = (p[i][1] > p[i][0] ? 1 : 0) == target;
        return out;
    }

    Result explain(double[][] rows, int k, SplittableRandom rng) {
        List<List<double[]>> all = new ArrayList<>();
        List<Double> nearest = new ArrayList<>();
        double changed = 0;
        for (double[] row : rows) {
            int target = decides(List.of(row), 1)[0] ? 0 : 1;
            List<double[]> found = new ArrayList<>();
            for (int m = 1; m <= d && found.size() < k; m++) {
                List<double[]> candidates = new ArrayList<>(sampleSize);
                for (int s = 0; s < sampleSize; s++) {
                    double[] c = row.clone();
                    for (int f = 0; f < m; f++) {
                        int j = rng.nextInt(d);
                        c[j] = lo[j] + rng.nextDouble() * (hi[j] - lo[j]);
                    }
                    candidates.add(c);
                }
                boolean[] ok = decides(candidates, target);
                for (int s = 0; s < sampleSize && found.size() < k; s++) {
                    if (!ok[s]) continue;
                    double[] c = candidates.get(s);
                    if (found.stream().noneMatch(o -> Arrays.equals(o, c))) found.add(c);
                }
            }
            for (double[] c : found) sparsify(row, c, target);
            boolean[] valid = found.isEmpty() ? new boolean[0] : decides(found, target);
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < valid.length; i++) if (valid[i]) kept.add(found.get(i));
            all.add(kept);
            if (kept.isEmpty()) continue;
            double best = Double.POSITIVE_INFINITY;
            int bestChanged = 0;
            for (double[] c : kept) {
                double dist = 0;
                int ch = 0;
                for (int j = 0; j < d; j++) {
                    dist += Math.pow((c[j] - row[j]) / sd[j], 2);
                    if (c[j] != row[j]) ch++;
                }
                if (Math.sqrt(dist) < best) {
                    best = Math.sqrt(dist);
                    bestChanged = ch;
                }
            }
            nearest.add(best);
            changed += bestChanged;
        }
        double[] sorted = nearest.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(sorted.length, Arrays.stream(sorted).average().orElse(Double.NaN), sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2],
                changed / Math.max(1, sorted.length), all);
    }

    /** DiCE's post-hoc sparsity (binary variant): small changes walked back towards the row while the decision holds. */
    private void sparsify(double[] row, double[] c, int target) {
        for (int j = 0; j < d; j++) {
            if (c[j] == row[j] || Math.abs(c[j] - row[j]) > smallChange[j]) continue;
            double keep = c[j];
            c[j] = row[j];
            if (decides(List.of(c), target)[0]) continue;
            double near = row[j], far = keep;
            for (int b = 0; b < 10; b++) {
                c[j] = (near + far) / 2;
                if (decides(List.of(c), target)[0]) far = c[j];
                else near = c[j];
            }
            c[j] = far;
        }
    }
}
