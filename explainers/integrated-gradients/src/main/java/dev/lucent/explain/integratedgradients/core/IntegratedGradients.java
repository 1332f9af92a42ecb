package dev.lucent.explain.integratedgradients.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Integrated gradients (Sundararajan et al. 2017), as Captum computes it: (x - x') times the weighted sum
 * of gradients at x' + alpha (x - x') over the quadrature's points. The points of all rows are sent in
 * batches of at most {@code batchRows} samples, so memory stays bounded however many steps are asked for.
 * Without baselines it integrates from zero.
 */
public final class IntegratedGradients implements Attribution {
    /** Captum's defaults. */
    public static final int DEFAULT_STEPS = 50;
    public static final Quadrature DEFAULT_METHOD = Quadrature.GAUSS_LEGENDRE;
    /**
     * Most points a row may be given when steps are added until its completeness error is met: on ReLU
     * networks the gradient jumps at every kink along the path, so the error shrinks only about as 1/steps and
     * 50 points left 1.5% to 12% on trained MLPs.
     */
    public static final int DEFAULT_MAX_STEPS = 3200;
    /** The completeness target: 1% of |f(x) - f(baseline)|. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    private final int steps;
    private final int maxSteps;
    private final double tolerance;
    private final Quadrature method;
    private final int batchRows;

    /** Points of the first pass. */
    public int steps() {
        return steps;
    }

    /** The most points a row is refined to. */
    public int maxSteps() {
        return maxSteps;
    }

    /** The integration rule this run uses. */
    public Quadrature method() {
        return method;
    }

    /** A fixed number of points for every row, as Captum integrates. */
    public IntegratedGradients(int steps, Quadrature method, int batchRows) {
        this(steps, steps, DEFAULT_TOLERANCE, method, batchRows);
    }

    /**
     * Points added per row until its completeness error is at most {@code tolerance} of |f(x) - f(baseline)|
     * (absolute when that gap is below 1e-6): {@code steps} first, doubled up to {@code maxSteps}.
     */
    public IntegratedGradients(int steps, int maxSteps, double tolerance, Quadrature method, int batchRows) {
        if (batchRows < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchRows);
        method.rule(steps); // refuses a bad number of steps here, not halfway through a run
        if (maxSteps < steps)
            throw new IllegalArgumentException("max-steps (" + maxSteps + ") must be at least steps (" + steps + ")");
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be a number >= 0, got " + tolerance);
        this.steps = steps;
        this.maxSteps = maxSteps;
        this.tolerance = tolerance;
        this.method = method;
        this.batchRows = batchRows;
    }

    /**
     * @param attributions {@code n * m} values, row-major like the inputs
     * @param delta        per row, sum of attributions - (f(x) - f(baseline)): the completeness error
     * @param outputGap    per row, f(x) - f(baseline)
     * @param steps        per row, the points it was integrated with
     * @param points       the gradient evaluations spent, all passes counted
     */
    public record Result(float[] attributions, double[] delta, double[] outputGap, int[] steps, long points) {
    }

    /** Each row's note: its convergence delta and the points it was integrated with. */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        Result r = integrate(model, inputs, baselines, targets, monitor);
        String[] notes = new String[r.delta().length];
        for (int i = 0; i < notes.length; i++) notes[i] = deltaNote(r.delta()[i], r.outputGap()[i], r.steps()[i]);
        return new Attributions(r.attributions(), null, notes,
                describe(Arrays.stream(r.steps()).max().orElse(steps), r.points(), (long) targets.length * steps));
    }

    /**
     * Steps and quadrature, as findings state them; when rows needed more than {@code steps}, the most any row
     * got and what it cost: {@code points} gradient evaluations against the {@code fixedPoints} of a single pass.
     */
    public String describe(int mostSteps, long points, long fixedPoints) {
        String used = mostSteps <= steps ? steps + " steps"
                : String.format(Locale.ROOT, "%d steps, up to %d on rows that needed more to meet %.2f%% (%d gradient evaluations, "
                + "%.1fx the cost of %d steps)", steps, mostSteps, 100 * tolerance, points, (double) points / fixedPoints, steps);
        return used + ", " + method.name().toLowerCase(Locale.ROOT);
    }

    /** |delta| relative to |f(x) - f(baseline)|; absolute when the gap is (nearly) zero. */
    public static double relative(double delta, double gap) {
        return Math.abs(gap) > 1e-6 ? Math.abs(delta) / Math.abs(gap) : Math.abs(delta);
    }

    /** A row's completeness error in words, with the points it was integrated with. */
    public static String deltaNote(double delta, double gap, int points) {
        return String.format(Locale.ROOT, "convergence delta %.3g (%.2f%% of f(x) - f(baseline) = %.4g), %d points",
                delta, 100 * relative(delta, gap), gap, points);
    }

    /**
     * The attributions with the completeness error of each row ({@code baselines} null: zeros). Every row is
     * integrated with {@code steps} points, then again with twice as many only the rows whose completeness error
     * exceeds the tolerance, until every row meets it or the next doubling would pass {@code maxSteps}. Earlier
     * passes are not reused: Gauss-Legendre nodes of 2n points do not contain those of n.
     */
    public Result integrate(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int passes = 1;
        while ((long) steps << passes <= maxSteps) passes++;
        Result r = integrate(model, inputs, baselines, targets, steps, monitor.range(0, 1.0 / passes));
        int n = targets.length;
        int m = Data.sampleSize(inputs.shape());
        int[] used = r.steps();
        long points = r.points();
        float[] attr = r.attributions();
        double[] delta = r.delta(), gap = r.outputGap();
        float[] x = inputs.toArray(), b = Data.baselineRows(baselines, inputs);
        for (int pass = 1, s = 2 * steps; pass < passes; pass++, s *= 2) {
            int[] open = IntStream.range(0, n).filter(i -> relative(delta[i], gap[i]) > tolerance).toArray();
            if (open.length == 0) break;
            float[] xs = new float[open.length * m], bs = new float[open.length * m];
            int[] ts = new int[open.length];
            for (int k = 0; k < open.length; k++) {
                System.arraycopy(x, open[k] * m, xs, k * m, m);
                System.arraycopy(b, open[k] * m, bs, k * m, m);
                ts[k] = targets[open[k]];
            }
            int[] shape = inputs.shape().clone();
            shape[0] = open.length;
            Result again = integrate(model, Tensor.of(xs, shape), Tensor.of(bs, shape), ts, s,
                    monitor.range((double) pass / passes, (pass + 1.0) / passes));
            points += again.points();
            for (int k = 0; k < open.length; k++) {
                int i = open[k];
                System.arraycopy(again.attributions(), k * m, attr, i * m, m);
                delta[i] = again.delta()[k];
                gap[i] = again.outputGap()[k];
                used[i] = s;
            }
        }
        monitor.progress(1, "integrated gradients of " + n + " rows");
        return new Result(attr, delta, gap, used, points);
    }

    /** One pass: every row with {@code steps} points. */
    private Result integrate(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, int steps, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        if (baselines != null && !Arrays.equals(shape, baselines.shape()) && baselines.shape()[0] != 1)
            throw new IllegalArgumentException("baselines of shape " + Arrays.toString(baselines.shape())
                    + " for inputs of shape " + Arrays.toString(shape));
        int n = shape[0];
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        int m = Data.sampleSize(shape);
        Quadrature.Rule rule = method.rule(steps);
        double[] alphas = rule.alphas(), weights = rule.weights();
        float[] x = inputs.toArray(), b = Data.baselineRows(baselines, inputs);
        double[] sum = new double[n * m];
        long points = (long) n * steps;
        for (long start = 0; start < points; start += batchRows) {
            monitor.progress((double) start / points, "integrated gradients: point " + start + " of " + points);
            int count = (int) Math.min(batchRows, points - start);
            float[] batch = new float[count * m];
            int[] t = new int[count];
            for (int p = 0; p < count; p++) {
                long point = start + p;
                int row = (int) (point / steps);
                float alpha = (float) alphas[(int) (point % steps)];
                t[p] = targets[row];
                for (int j = 0; j < m; j++) {
                    float xb = b[row * m + j];
                    batch[p * m + j] = xb + alpha * (x[row * m + j] - xb);
                }
            }
            int[] bs = shape.clone();
            bs[0] = count;
            float[] g = model.inputGradient(Tensor.of(batch, bs), t).toArray();
            for (int p = 0; p < count; p++) {
                long point = start + p;
                int row = (int) (point / steps);
                double w = weights[(int) (point % steps)];
                for (int j = 0; j < m; j++) sum[row * m + j] += w * g[p * m + j];
            }
        }
        float[] attr = new float[n * m];
        double[] rowSum = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                double a = sum[i * m + j] * ((double) x[i * m + j] - b[i * m + j]);
                attr[i * m + j] = (float) a;
                rowSum[i] += a;
            }
        // f(x) and f(baseline) together
        float[] both = Arrays.copyOf(x, 2 * n * m);
        System.arraycopy(b, 0, both, n * m, n * m);
        int[] t2 = Arrays.copyOf(targets, 2 * n);
        System.arraycopy(targets, 0, t2, n, n);
        double[] f = Data.predictSelected(model, both, Arrays.copyOfRange(shape, 1, shape.length), t2, batchRows, monitor);
        double[] delta = new double[n], gap = new double[n];
        for (int i = 0; i < n; i++) {
            gap[i] = f[i] - f[n + i];
            delta[i] = rowSum[i] - gap[i];
        }
        int[] used = new int[n];
        Arrays.fill(used, steps);
        return new Result(attr, delta, gap, used, points);
    }
}
