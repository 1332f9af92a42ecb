package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * KernelSHAP (Lundberg and Lee 2017) as SHAP's KernelExplainer does it: coalition sizes whose subsets all
 * fit in the sample budget are enumerated with their exact Shapley-kernel weights, the remaining sizes are
 * sampled in complementary pairs, and the Shapley values are the weighted least-squares fit constrained to
 * add up to f(x) - E[f(background)]. Features equal to every background row's value get 0 and are left out
 * of the fit, as in SHAP. Default budget: 2 M + 2048 coalitions.
 */
public final class KernelShap {
    private KernelShap() {
    }

    public static int defaultSamples(int features) {
        return 2 * features + 2048;
    }

    /** Coalitions and their kernel weights for one input. */
    record Design(boolean[][] masks, double[] weights) {
    }

    public static ShapleyResult attribute(AuditableModel model, Tensor inputs, Tensor background, double[] backgroundWeights,
                                          int[] targets, int samples, long seed, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (Data.sampleSize(background.shape()) != m)
            throw new IllegalArgumentException("background rows have " + Data.sampleSize(background.shape()) + " values, inputs " + m);
        int k = background.shape()[0];
        double[] w = CoalitionValues.weights(backgroundWeights, k);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] x = inputs.toArray(), bg = background.toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] phi = new double[n * m], base = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) {
            Monitor rowMonitor = monitor.range((double) i / n, (i + 1.0) / n);
            float[] xi = Arrays.copyOfRange(x, i * m, (i + 1) * m);
            int[] varying = varying(xi, bg, k);
            int mv = varying.length;
            int budget = samples > 0 ? samples : defaultSamples(mv);
            // the full and empty coalitions give f(x) and E f(background)
            boolean[][] ends = {fullMask(m, true), fullMask(m, false)};
            double[] endValues = CoalitionValues.evaluate(model, xi, bg, w, targets[i], sample, ends, batchRows, rowMonitor);
            out[i] = endValues[0];
            base[i] = endValues[1];
            if (mv == 0) continue;
            if (mv == 1) {
                phi[i * m + varying[0]] = out[i] - base[i];
                continue;
            }
            Design d = design(mv, budget, random);
            boolean[][] masks = new boolean[d.masks().length][];
            for (int c = 0; c < masks.length; c++) {
                boolean[] full = new boolean[m];
                for (int v = 0; v < mv; v++) full[varying[v]] = d.masks()[c][v];
                masks[c] = full;
            }
            double[] values = CoalitionValues.evaluate(model, xi, bg, w, targets[i], sample, masks, batchRows, rowMonitor);
            double[] solved = solve(d, values, base[i], out[i]);
            for (int v = 0; v < mv; v++) phi[i * m + varying[v]] = solved[v];
        }
        monitor.progress(1, "KernelSHAP values of " + n + " rows");
        return new ShapleyResult(phi, base, out);
    }

    private static boolean[] fullMask(int m, boolean value) {
        boolean[] b = new boolean[m];
        Arrays.fill(b, value);
        return b;
    }

    /** Features where x differs from at least one background row. */
    static int[] varying(float[] x, float[] bg, int k) {
        int m = x.length;
        int[] idx = new int[m];
        int count = 0;
        for (int j = 0; j < m; j++)
            for (int b = 0; b < k; b++)
                if (Float.compare(bg[b * m + j], x[j]) != 0) {
                    idx[count++] = j;
                    break;
                }
        return Arrays.copyOf(idx, count);
    }

    /** SHAP's sampling scheme (shap/explainers/_kernel.py, KernelExplainer.explain). */
    static Design design(int m, int samples, SplittableRandom random) {
        if (m <= 30) samples = (int) Math.min(samples, (1L << m) - 2);
        List<boolean[]> masks = new ArrayList<>();
        List<Double> kernelWeights = new ArrayList<>();
        int sizes = (m - 1 + 1) / 2; // ceil((m - 1) / 2)
        int pairedSizes = (m - 1) / 2; // floor((m - 1) / 2)
        double[] weightVector = new double[sizes];
        for (int s = 1; s <= sizes; s++) weightVector[s - 1] = (m - 1.0) / (s * (double) (m - s));
        for (int s = 0; s < pairedSizes; s++) weightVector[s] *= 2;
        double total = Arrays.stream(weightVector).sum();
        for (int s = 0; s < sizes; s++) weightVector[s] /= total;

        int fullSizes = 0;
        double samplesLeft = samples;
        double[] remaining = weightVector.clone();
        for (int s = 1; s <= sizes; s++) {
            double subsets = ExactShapley.binomial(m, s);
            if (s <= pairedSizes) subsets *= 2;
            if (samplesLeft * remaining[s - 1] / subsets < 1.0 - 1e-8) break;
            fullSizes++;
            samplesLeft -= subsets;
            if (remaining[s - 1] < 1.0) {
                double factor = 1 - remaining[s - 1];
                for (int r = 0; r < sizes; r++) remaining[r] /= factor;
            }
            double wgt = weightVector[s - 1] / ExactShapley.binomial(m, s);
            if (s <= pairedSizes) wgt /= 2;
            int[] comb = new int[s];
            for (int c = 0; c < s; c++) comb[c] = c;
            while (true) {
                boolean[] mask = new boolean[m];
                for (int c : comb) mask[c] = true;
                masks.add(mask);
                kernelWeights.add(wgt);
                if (s <= pairedSizes) {
                    boolean[] complement = new boolean[m];
                    for (int j = 0; j < m; j++) complement[j] = !mask[j];
                    masks.add(complement);
                    kernelWeights.add(wgt);
                }
                if (!nextCombination(comb, m)) break;
            }
        }
        int fixed = masks.size();
        int left = samples - fixed;
        if (fullSizes != sizes && left > 0) {
            double[] rw = Arrays.copyOfRange(weightVector, fullSizes, sizes);
            for (int s = 0; s < rw.length; s++) if (s + fullSizes < pairedSizes) rw[s] /= 2; // two samples per draw
            double sum = Arrays.stream(rw).sum();
            double[] cdf = new double[rw.length];
            double acc = 0;
            for (int s = 0; s < rw.length; s++) cdf[s] = (acc += rw[s] / sum);
            ObjectIntHashMap<BitSet> used = new ObjectIntHashMap<>();
            int draws = 4 * left;
            int[] perm = new int[m];
            for (int draw = 0; draw < draws && left > 0; draw++) {
                double u = random.nextDouble();
                int idx = 0;
                while (idx < cdf.length - 1 && u >= cdf[idx]) idx++;
                int size = idx + fullSizes + 1;
                for (int j = 0; j < m; j++) perm[j] = j;
                for (int j = 0; j < size; j++) {
                    int r = j + random.nextInt(m - j);
                    int t = perm[j];
                    perm[j] = perm[r];
                    perm[r] = t;
                }
                boolean[] mask = new boolean[m];
                BitSet key = new BitSet(m);
                for (int j = 0; j < size; j++) {
                    mask[perm[j]] = true;
                    key.set(perm[j]);
                }
                boolean fresh = !used.containsKey(key);
                int at;
                if (fresh) {
                    at = masks.size();
                    used.put(key, at);
                    left--;
                    masks.add(mask);
                    kernelWeights.add(1.0);
                } else {
                    at = used.get(key);
                    kernelWeights.set(at, kernelWeights.get(at) + 1);
                }
                if (left > 0 && size <= pairedSizes) {
                    if (fresh) {
                        boolean[] complement = new boolean[m];
                        for (int j = 0; j < m; j++) complement[j] = !mask[j];
                        left--;
                        masks.add(complement);
                        kernelWeights.add(1.0);
                    } else {
                        kernelWeights.set(at + 1, kernelWeights.get(at + 1) + 1);
                    }
                }
            }
            double weightLeft = 0;
            for (int s = fullSizes; s < sizes; s++) weightLeft += weightVector[s];
            double sampled = 0;
            for (int c = fixed; c < masks.size(); c++) sampled += kernelWeights.get(c);
            for (int c = fixed; c < masks.size(); c++) kernelWeights.set(c, kernelWeights.get(c) * weightLeft / sampled);
        }
        double[] kw = new double[kernelWeights.size()];
        for (int c = 0; c < kw.length; c++) kw[c] = kernelWeights.get(c);
        return new Design(masks.toArray(new boolean[0][]), kw);
    }

    /** Next k-combination of 0..m-1 in lexicographic order, in place; false after the last. */
    static boolean nextCombination(int[] comb, int m) {
        int k = comb.length;
        int i = k - 1;
        while (i >= 0 && comb[i] == m - k + i) i--;
        if (i < 0) return false;
        comb[i]++;
        for (int j = i + 1; j < k; j++) comb[j] = comb[j - 1] + 1;
        return true;
    }

    /**
     * Weighted least squares with the efficiency constraint eliminated through the last feature, as SHAP's
     * {@code solve}: phi_last = (f(x) - f0) - sum of the others.
     */
    static double[] solve(Design d, double[] values, double base, double output) {
        boolean[][] masks = d.masks();
        double[] kw = d.weights();
        int m = masks[0].length;
        int p = m - 1;
        double gap = output - base;
        double[][] ata = new double[p][p];
        double[] atb = new double[p];
        double[] row = new double[p];
        for (int c = 0; c < masks.length; c++) {
            double last = masks[c][m - 1] ? 1 : 0;
            double y = values[c] - base - last * gap;
            for (int j = 0; j < p; j++) row[j] = (masks[c][j] ? 1 : 0) - last;
            for (int a = 0; a < p; a++) {
                if (row[a] == 0) continue;
                atb[a] += kw[c] * row[a] * y;
                for (int b = 0; b < p; b++) ata[a][b] += kw[c] * row[a] * row[b];
            }
        }
        double[] sol = gaussianElimination(ata, atb);
        double[] phi = new double[m];
        double sum = 0;
        for (int j = 0; j < p; j++) {
            phi[j] = sol[j];
            sum += sol[j];
        }
        phi[m - 1] = gap - sum;
        return phi;
    }

    /** Solves A x = b with partial pivoting; a vanishing pivot gets a tiny ridge (an under-sampled design). */
    static double[] gaussianElimination(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        double[] v = b.clone();
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(m[i][i]));
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            double tv = v[col];
            v[col] = v[pivot];
            v[pivot] = tv;
            if (Math.abs(m[col][col]) < 1e-12 * Math.max(scale, 1e-300)) m[col][col] += 1e-10 * Math.max(scale, 1);
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                if (f == 0) continue;
                for (int c = col; c < n; c++) m[r][c] -= f * m[col][c];
                v[r] -= f * v[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = v[r];
            for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
            x[r] = s / m[r][r];
        }
        return x;
    }
}
