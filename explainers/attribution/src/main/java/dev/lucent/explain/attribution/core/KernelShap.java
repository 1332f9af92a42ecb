package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * KernelSHAP (Lundberg and Lee 2017) as SHAP's KernelExplainer does it: coalition sizes whose subsets all
 * fit in the sample budget are enumerated with their exact Shapley-kernel weights, the remaining sizes are
 * sampled in complementary pairs, and the Shapley values are the weighted least-squares fit constrained to
 * add up to f(x) - E[f(background)]. Features equal to every background row's value get 0 and are left out
 * of the fit, as in SHAP. Default budget: 2 M + 2048 coalitions. Features may be groups of values
 * ({@link FeatureGroups}: the patches of an image), present or absent together, as SHAP's Partition masker and
 * Captum's feature_mask do; a group's value is shared equally among its values, so they still add up.
 */
public final class KernelShap implements Attribution {
    private final Tensor background;
    private final double[] backgroundWeights;
    private final int samples;
    private final long seed;
    private final int batchRows;
    private final FeatureGroups groups; // null: every value its own feature

    /**
     * @param background        {@code k} background rows, the "absent" values
     * @param backgroundWeights their weights (null: equal)
     * @param samples           coalitions per row, 0 for {@link #defaultSamples}
     */
    public KernelShap(Tensor background, double[] backgroundWeights, int samples, long seed, int batchRows) {
        this(background, backgroundWeights, samples, seed, batchRows, null);
    }

    /** The same over groups of values ({@code groups} null: every value alone); {@code samples} 0 is 2 G + 2048. */
    public KernelShap(Tensor background, double[] backgroundWeights, int samples, long seed, int batchRows, FeatureGroups groups) {
        if (samples < 0) throw new IllegalArgumentException("KernelSHAP samples must be positive, got " + samples);
        this.background = background;
        this.backgroundWeights = backgroundWeights == null ? null : backgroundWeights.clone();
        this.samples = samples;
        this.seed = seed;
        this.batchRows = batchRows;
        this.groups = groups;
    }

    /** The Shapley values against the background given at construction ({@code baselines} are not used). */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int m = Data.sampleSize(inputs.shape());
        int players = groups == null ? m : groups.count();
        return shapley(model, inputs, targets, monitor).attributions((samples > 0 ? samples : defaultSamples(players))
                + " coalitions, background of " + background.shape()[0] + " k-means centres"
                + (groups == null || groups.single() ? "" : "; " + groups.described() + ", each patch's value shared equally by its values"));
    }

    public static int defaultSamples(int features) {
        return 2 * features + 2048;
    }

    /** Coalitions and their kernel weights for one input. */
    record Design(boolean[][] masks, double[] weights) {
    }

    public ShapleyResult shapley(AuditableModel model, Tensor inputs, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (Data.sampleSize(background.shape()) != m)
            throw new IllegalArgumentException("background rows have " + Data.sampleSize(background.shape()) + " values, inputs " + m);
        if (targets.length != n) throw new IllegalArgumentException(n + " rows, " + targets.length + " targets");
        int[][] members = groups == null ? null : groups.members();
        if (members != null)
            for (int[] g : members) for (int j : g) if (j < 0 || j >= m) throw new IllegalArgumentException("feature group value " + j + " outside 0.." + (m - 1));
        int k = background.shape()[0];
        double[] w = CoalitionValues.weights(backgroundWeights, k);
        float[] x = inputs.toArray(), bg = background.toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] phi = new double[n * m], base = new double[n], out = new double[n];
        Batches batches = new Batches(model, x, bg, w, targets, Arrays.copyOfRange(shape, 1, shape.length), batchRows, n, monitor, members);
        // Rows are drawn in order (the random stream is the per-row one) and their coalitions are queued into
        // batches that span rows, so small models get few large calls; a row is solved once all its values are in.
        for (int i = 0; i < n; i++) {
            int[] varying = members == null ? varying(x, i * m, bg, k, m) : varying(x, i * m, bg, k, m, members);
            int mv = varying.length;
            int budget = samples > 0 ? samples : defaultSamples(mv);
            Row row = new Row(i, varying, mv < 2 ? null : design(mv, budget, random));
            for (int c = 0; c < row.values.length; c++) {
                if (batches.full()) batches.flush();
                batches.add(row, c);
            }
            batches.pending.add(row);
            finishReady(batches.pending, m, members, phi, base, out);
        }
        batches.flush();
        finishReady(batches.pending, m, members, phi, base, out);
        monitor.progress(1, "KernelSHAP values of " + n + " rows");
        return new ShapleyResult(phi, base, out);
    }

    /**
     * One row's work: the values of the full and empty coalitions (indices 0 and 1, giving f(x) and
     * E f(background)) and then of its design's coalitions, filled in as batches come back.
     */
    private static final class Row {
        final int index;
        final int[] varying;
        final Design design;
        final double[] values;
        int missing;

        Row(int index, int[] varying, Design design) {
            this.index = index;
            this.varying = varying;
            this.design = design;
            this.values = new double[2 + (design == null ? 0 : design.masks().length)];
            this.missing = values.length;
        }
    }

    /** Solves, in row order, the rows whose coalition values are all in. */
    private static void finishReady(ArrayDeque<Row> pending, int m, int[][] members, double[] phi, double[] base, double[] out) {
        while (!pending.isEmpty() && pending.peekFirst().missing == 0) {
            Row r = pending.pollFirst();
            int i = r.index;
            out[i] = r.values[0];
            base[i] = r.values[1];
            int mv = r.varying.length;
            double[] solved = mv == 1 ? new double[] {out[i] - base[i]}
                    : mv < 2 ? new double[0] : solve(r.design, Arrays.copyOfRange(r.values, 2, r.values.length), base[i], out[i]);
            for (int v = 0; v < mv; v++) {
                if (members == null) {
                    phi[i * m + r.varying[v]] = solved[v];
                } else {
                    int[] g = members[r.varying[v]];
                    for (int j : g) phi[i * m + j] = solved[v] / g.length;
                }
            }
        }
    }

    /**
     * Coalitions of any rows packed into model calls of at most {@code batchRows} rows (each coalition takes
     * k rows, one per background row). The input buffer is reused from call to call; a coalition's rows take
     * x's values on the coalition's features and each background row's elsewhere.
     */
    private static final class Batches {
        final AuditableModel model;
        final float[] x, bg;
        final double[] w;
        final int[] targets, sampleShape;
        final int m, k, capacity, n;
        final Monitor monitor;
        final float[] z;
        final Row[] rowOf;
        final int[] coalitionOf;
        final int[] in, outside;
        final int[][] members;
        final ArrayDeque<Row> pending = new ArrayDeque<>();
        int count;

        Batches(AuditableModel model, float[] x, float[] bg, double[] w, int[] targets, int[] sampleShape, int batchRows,
                int n, Monitor monitor, int[][] members) {
            this.model = model;
            this.members = members;
            this.x = x;
            this.bg = bg;
            this.w = w;
            this.targets = targets;
            this.sampleShape = sampleShape;
            this.m = bg.length / w.length;
            this.k = w.length;
            this.capacity = Math.max(1, batchRows / k);
            this.n = n;
            this.monitor = monitor;
            this.z = new float[capacity * k * m];
            this.rowOf = new Row[capacity];
            this.coalitionOf = new int[capacity];
            this.in = new int[members == null ? m : members.length];
            this.outside = new int[members == null ? m : members.length];
        }

        boolean full() {
            return count == capacity;
        }

        /** Queues coalition c of row r: 0 is the full coalition, 1 the empty one, c >= 2 the design's c - 2. */
        void add(Row r, int c) {
            int off = count * k * m;
            int xi = r.index * m;
            if (c == 1) {
                System.arraycopy(bg, 0, z, off, k * m);
            } else if (c == 0) {
                for (int b = 0; b < k; b++) System.arraycopy(x, xi, z, off + b * m, m);
            } else {
                boolean[] mask = r.design.masks()[c - 2];
                int[] varying = r.varying;
                // the coalition's features and the others, listed without branches (random masks defeat the
                // predictor); rows start from whichever side leaves fewer values to write
                int ins = 0, outs = 0;
                for (int v = 0; v < mask.length; v++) {
                    int j = varying[v];
                    in[ins] = j;
                    outside[outs] = j;
                    boolean taken = mask[v];
                    ins += taken ? 1 : 0;
                    outs += taken ? 0 : 1;
                }
                if (members != null) { // groups: each present group's values from x, the rest from the background (a group
                    // that never varies equals every background row, so it has x's values either way)
                    System.arraycopy(bg, 0, z, off, k * m);
                    for (int b = 0; b < k; b++) {
                        int zb = off + b * m;
                        for (int q = 0; q < ins; q++) for (int j : members[in[q]]) z[zb + j] = x[xi + j];
                    }
                } else if (ins <= outs) {
                    System.arraycopy(bg, 0, z, off, k * m);
                    for (int b = 0; b < k; b++) {
                        int zb = off + b * m;
                        for (int q = 0; q < ins; q++) z[zb + in[q]] = x[xi + in[q]];
                    }
                } else {
                    // features that never vary have x's value in every background row, so x's row is a valid start
                    for (int b = 0; b < k; b++) {
                        int zb = off + b * m, bb = b * m;
                        System.arraycopy(x, xi, z, zb, m);
                        for (int q = 0; q < outs; q++) z[zb + outside[q]] = bg[bb + outside[q]];
                    }
                }
            }
            rowOf[count] = r;
            coalitionOf[count] = c;
            count++;
        }

        /** Evaluates the queued coalitions: each value is the background-weighted mean of the target output. */
        void flush() throws AuditCancelledException {
            if (count == 0) return;
            Row first = rowOf[0];
            monitor.progress((first.index + (double) coalitionOf[0] / first.values.length) / n,
                    "coalitions of row " + (first.index + 1) + " of " + n);
            int rows = count * k;
            float[] input = count == capacity ? z : Arrays.copyOf(z, rows * m);
            float[] out = model.predict(Tensor.of(input, Data.batchShape(rows, sampleShape))).toArray();
            if (out.length == 0 || out.length % rows != 0)
                throw new IllegalStateException("the model answered " + out.length + " values for a batch of " + rows + " rows");
            int outputs = out.length / rows;
            for (int q = 0; q < count; q++) {
                Row r = rowOf[q];
                int target = targets[r.index];
                // checked here: in a batch spanning rows, a wrong target would silently read another row's output
                if (target < 0 || target >= outputs)
                    throw new IllegalArgumentException("target " + target + " of row " + r.index + " is outside the model's outputs 0.." + (outputs - 1));
                double v = 0;
                for (int b = 0; b < k; b++) v += w[b] * out[(q * k + b) * outputs + target];
                r.values[coalitionOf[q]] = v;
                r.missing--;
                rowOf[q] = null;
            }
            count = 0;
        }
    }

    /** Features where x differs from at least one background row. */
    static int[] varying(float[] x, int xOff, float[] bg, int k, int m) {
        int[] idx = new int[m];
        int count = 0;
        for (int j = 0; j < m; j++)
            for (int b = 0; b < k; b++)
                if (Float.compare(bg[b * m + j], x[xOff + j]) != 0) {
                    idx[count++] = j;
                    break;
                }
        return Arrays.copyOf(idx, count);
    }

    /** Groups with a value where x differs from at least one background row. */
    static int[] varying(float[] x, int xOff, float[] bg, int k, int m, int[][] members) {
        int[] idx = new int[members.length];
        int count = 0;
        groups:
        for (int g = 0; g < members.length; g++)
            for (int j : members[g])
                for (int b = 0; b < k; b++)
                    if (Float.compare(bg[b * m + j], x[xOff + j]) != 0) {
                        idx[count++] = g;
                        continue groups;
                    }
        return Arrays.copyOf(idx, count);
    }

    /** SHAP's sampling scheme (shap/explainers/_kernel.py, KernelExplainer.explain). */
    static Design design(int m, int samples, SplittableRandom random) {
        if (m <= 30) samples = (int) Math.min(samples, (1L << m) - 2);
        List<boolean[]> masks = new ArrayList<>();
        Weights kernelWeights = new Weights();
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
            // coalitions seen so far, keyed by their feature set (a long's bits when it fits, a BitSet otherwise)
            boolean small = m <= 64;
            LongIntHashMap usedSmall = small ? new LongIntHashMap() : null;
            ObjectIntHashMap<BitSet> used = small ? null : new ObjectIntHashMap<>();
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
                BitSet key = small ? null : new BitSet(m);
                long bits = 0;
                for (int j = 0; j < size; j++) {
                    mask[perm[j]] = true;
                    if (small) bits |= 1L << perm[j];
                    else key.set(perm[j]);
                }
                int at = small ? usedSmall.getIfAbsent(bits, -1) : used.getIfAbsent(key, -1);
                boolean fresh = at < 0;
                if (fresh) {
                    at = masks.size();
                    if (small) usedSmall.put(bits, at);
                    else used.put(key, at);
                    left--;
                    masks.add(mask);
                    kernelWeights.add(1.0);
                } else {
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
        return new Design(masks.toArray(new boolean[0][]), kernelWeights.toArray());
    }

    /** A growable list of doubles (no boxing). */
    private static final class Weights {
        private double[] values = new double[64];
        private int size;

        void add(double v) {
            if (size == values.length) values = Arrays.copyOf(values, 2 * size);
            values[size++] = v;
        }

        double get(int i) {
            return values[i];
        }

        void set(int i, double v) {
            values[i] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
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
        // A coalition's design row is mask_j - mask_last, so its entries are 0 or all the same sign: its
        // contribution kw * row row^T is +kw on the block of the nonzero entries (exactly the products the
        // dense update adds, in the same order), accumulated here on the upper triangle only.
        double[] ata = new double[p * p];
        double[] atb = new double[p];
        int[] nonzero = new int[p];
        for (int c = 0; c < masks.length; c++) {
            boolean[] mask = masks[c];
            boolean lastIn = mask[p];
            double last = lastIn ? 1 : 0;
            double y = values[c] - base - last * gap;
            int size = 0;
            for (int j = 0; j < p; j++) {
                nonzero[size] = j;
                size += mask[j] != lastIn ? 1 : 0; // no branch: random masks defeat the predictor
            }
            double wc = kw[c];
            double wy = (lastIn ? -wc : wc) * y;
            for (int q = 0; q < size; q++) {
                int a = nonzero[q];
                atb[a] += wy;
                int ra = a * p;
                for (int s = q; s < size; s++) ata[ra + nonzero[s]] += wc;
            }
        }
        double[][] full = new double[p][p];
        for (int a = 0; a < p; a++)
            for (int b = a; b < p; b++) full[a][b] = full[b][a] = ata[a * p + b];
        double[] sol = gaussianElimination(full, atb);
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
