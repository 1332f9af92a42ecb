package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds up to k diverse counterfactuals for one row: points the model decides for the target class, close to the row,
 * within the constraints. Two searches propose them; one polish makes each as close and as sparse as the model allows
 * and keeps only those the model, re-run, decides for the target.
 *
 * <ul>
 * <li>{@link Method#GRADIENT}: Wachter et al. (2017) with DiCE's diversity term (Mothilal et al. 2020), on the search
 * scale: minimise lambda * max(0, kappa - margin) + |c - x|^2 - diversity * (mean distance to the counterfactuals
 * before it; the first has no diversity term, so it is Wachter's nearest), by gradient steps projected onto the constraints after each step; lambda doubles every
 * {@value #LAMBDA_EVERY} steps while a counterfactual is not yet valid (Wachter's schedule on lambda).</li>
 * <li>{@link Method#GENETIC}: model-agnostic, as DiCE's genetic search: the population starts from the training rows
 * the model decides for the target (nearest first, as DiCE's k-d tree) and from their crossings with the row; the
 * fittest half (valid first, then close and sparse) breeds by uniform crossover, reverting features to the row and
 * mutating a few. Needs only the model's outputs.</li>
 * </ul>
 */
final class CounterfactualSearch {

    enum Method { GRADIENT, GENETIC }

    static final int LAMBDA_EVERY = 20;
    private static final double KAPPA = 0.1;
    private static final double STEP = 0.1, MAX_STEP = 0.5;
    private static final int BISECTIONS = 24;
    private static final int POPULATION = 40;

    /** One counterfactual: the point (search scale) and what the report says of it. */
    record Counterfactual(double[] point, double probability, int changed, double proximity, double plausibility) {
    }

    /** What was found for one row: at most k counterfactuals, nearest first; diversity is their mean pairwise distance. */
    record Found(double[] row, int target, List<Counterfactual> counterfactuals, double diversity) {
    }

    private final FeatureSpace space;
    private final Decision decision;
    private final AuditContext context;
    private final int k, steps;
    private final double diversity;
    private final int[] trainPredicted;

    /**
     * @param trainPredicted the model's decision on each training row (the genetic search's seeds); null when only the
     *                       gradient search runs
     */
    CounterfactualSearch(FeatureSpace space, Decision decision, AuditContext context, int k, int steps, double diversity, int[] trainPredicted) {
        this.space = space;
        this.decision = decision;
        this.context = context;
        this.k = k;
        this.steps = steps;
        this.diversity = diversity;
        this.trainPredicted = trainPredicted;
    }

    /** Counterfactuals sought per row. */
    int k() {
        return k;
    }

    Found find(double[] row, int target, Method method, long seed) throws AuditCancelledException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> proposed = method == Method.GRADIENT ? gradient(row, target, rng) : genetic(row, target, rng);
        List<Counterfactual> kept = polish(row, target, proposed);
        kept.sort(Comparator.comparingDouble(Counterfactual::proximity));
        double spread = 0;
        int pairs = 0;
        for (int a = 0; a < kept.size(); a++)
            for (int b = a + 1; b < kept.size(); b++) {
                spread += Math.sqrt(FeatureSpace.distance2(kept.get(a).point(), kept.get(b).point()));
                pairs++;
            }
        return new Found(row, target, List.copyOf(kept), pairs == 0 ? Double.NaN : spread / pairs);
    }

    private List<double[]> gradient(double[] row, int target, SplittableRandom rng) throws AuditCancelledException {
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            c[i] = row.clone();
            if (i > 0) { // the first starts at the row itself; the others from nearby random points, as DiCE starts them
                for (int j = 0; j < c[i].length; j++) c[i][j] += 0.5 * rng.nextGaussian();
                space.project(c[i], row);
            }
        }
        int[] targets = new int[k];
        Arrays.fill(targets, target);
        double[] lambda = new double[k];
        Arrays.fill(lambda, 1);
        for (int step = 0; step < steps; step++) {
            context.checkCancelled();
            double[] m = decision.margins(c, targets);
            boolean all = true;
            for (double v : m) all &= v > 0;
            if (all) break; // every one decided for the target: the polish walks each back to the boundary
            double[][] g = decision.marginGradients(c, targets);
            double[][] next = new double[k][];
            for (int i = 0; i < k; i++) {
                double[] grad = new double[row.length];
                for (int j = 0; j < row.length; j++) grad[j] = 2 * (c[i][j] - row[j]) - (m[i] < KAPPA ? lambda[i] * g[i][j] : 0);
                for (int o = 0; o < i; o++) { // each is pushed away from those before it: the first stays Wachter's nearest
                    double dist = Math.sqrt(FeatureSpace.distance2(c[i], c[o]));
                    if (dist > 1e-9) for (int j = 0; j < row.length; j++) grad[j] -= diversity / i * (c[i][j] - c[o][j]) / dist;
                }
                double norm = Math.sqrt(FeatureSpace.distance2(grad, new double[row.length]));
                double scale = STEP * norm > MAX_STEP ? MAX_STEP / norm : STEP;
                next[i] = c[i].clone();
                for (int j = 0; j < row.length; j++) next[i][j] -= scale * grad[j];
                space.project(next[i], row);
                if ((step + 1) % LAMBDA_EVERY == 0 && m[i] <= 0) lambda[i] *= 2;
            }
            c = next;
        }
        return Arrays.asList(c);
    }

    private List<double[]> genetic(double[] row, int target, SplittableRandom rng) throws AuditCancelledException {
        // seeds: the training rows the model decides for the target, nearest first, moved inside the constraints
        List<double[]> seeds = new ArrayList<>();
        double[][] train = space.train;
        Integer[] order = new Integer[train.length];
        double[] dist = new double[train.length];
        int candidates = 0;
        for (int i = 0; i < train.length; i++)
            if (trainPredicted[i] == target) {
                dist[i] = FeatureSpace.distance2(row, train[i]);
                order[candidates++] = i;
            }
        Integer[] picked = Arrays.copyOf(order, candidates);
        Arrays.sort(picked, Comparator.comparingDouble(i -> dist[i]));
        for (int s = 0; s < Math.min(POPULATION / 2, picked.length); s++) {
            double[] c = train[picked[s]].clone();
            space.project(c, row);
            seeds.add(space.onValidValues(c, row));
        }
        List<double[]> population = new ArrayList<>(seeds);
        while (population.size() < POPULATION) { // crossings of the row with a seed, or random points in the ranges
            double[] c = row.clone();
            if (!seeds.isEmpty()) {
                double[] s = seeds.get(rng.nextInt(seeds.size()));
                for (int j = 0; j < c.length; j++) if (rng.nextBoolean()) c[j] = s[j];
            } else for (int j = 0; j < c.length; j++) c[j] += rng.nextGaussian();
            space.project(c, row);
            population.add(space.onValidValues(c, row));
        }
        int generations = Math.max(1, steps / 10);
        double[] fitness = fitness(row, target, population);
        for (int gen = 0; gen < generations; gen++) {
            context.checkCancelled();
            Integer[] rank = ranked(fitness);
            List<double[]> next = new ArrayList<>();
            for (int e = 0; e < POPULATION / 2; e++) next.add(population.get(rank[e]));
            while (next.size() < POPULATION) {
                double[] a = next.get(rng.nextInt(POPULATION / 2)), b = next.get(rng.nextInt(POPULATION / 2));
                double[] child = new double[row.length];
                for (int j = 0; j < row.length; j++) {
                    child[j] = rng.nextBoolean() ? a[j] : b[j];
                    double u = rng.nextDouble();
                    if (u < 0.2) child[j] = row[j]; // back to the row: sparser
                    else if (u < 0.3) child[j] += 0.3 * rng.nextGaussian(); // mutation
                }
                space.project(child, row);
                next.add(space.onValidValues(child, row));
            }
            population = next;
            fitness = fitness(row, target, population);
        }
        // the k to polish: the fittest valid one, then each next trading fitness for distance from those chosen (DiCE's diversity)
        Integer[] rank = ranked(fitness);
        List<double[]> chosen = new ArrayList<>();
        boolean[] taken = new boolean[population.size()];
        while (chosen.size() < k) {
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int r : rank) {
                if (taken[r] || fitness[r] >= INVALID) continue;
                double near = Double.POSITIVE_INFINITY;
                for (double[] c : chosen) near = Math.min(near, Math.sqrt(FeatureSpace.distance2(c, population.get(r))));
                if (near < 1e-9) continue;
                double score = fitness[r] - (chosen.isEmpty() ? 0 : diversity * near);
                if (score < bestScore) {
                    bestScore = score;
                    best = r;
                }
            }
            if (best < 0) break;
            taken[best] = true;
            chosen.add(population.get(best));
        }
        return chosen;
    }

    private static final double INVALID = 1e6;

    /** Lower is fitter: invalid points after every valid one, the nearer the boundary the better; valid ones by distance and sparsity. */
    private double[] fitness(double[] row, int target, List<double[]> population) {
        int[] targets = new int[population.size()];
        Arrays.fill(targets, target);
        double[] m = decision.margins(population.toArray(double[][]::new), targets);
        double[] f = new double[m.length];
        for (int i = 0; i < f.length; i++) {
            double[] c = population.get(i);
            int changed = 0;
            for (int j = 0; j < row.length; j++) if (c[j] != row[j]) changed++;
            f[i] = Math.sqrt(FeatureSpace.distance2(c, row)) + 0.1 * changed + (m[i] > 0 ? 0 : INVALID * (1 - m[i]));
        }
        return f;
    }

    private static Integer[] ranked(double[] fitness) {
        Integer[] r = new Integer[fitness.length];
        for (int i = 0; i < r.length; i++) r[i] = i;
        Arrays.sort(r, Comparator.comparingDouble(i -> fitness[i]));
        return r;
    }

    /**
     * Each proposal the model decides for the target is walked back along the line to the row until just past the
     * decision boundary (bisection), put on valid values, and made sparse (the smallest changes reverted as long as the
     * decision holds). Kept only when the model, re-run on the final point, decides for the target and the point keeps
     * every constraint.
     */
    private List<Counterfactual> polish(double[] row, int target, List<double[]> proposed) throws AuditCancelledException {
        context.checkCancelled();
        List<double[]> valid = proposed;
        int n = valid.size();
        if (n == 0) return new ArrayList<>();
        int[] targets = new int[n];
        Arrays.fill(targets, target);
        boolean[] ok = decision.decidesFor(valid.toArray(double[][]::new), targets);
        double[] low = new double[n], high = new double[n];
        Arrays.fill(high, 1);
        double[][] at = new double[n][];
        for (int b = 0; b < BISECTIONS; b++) {
            context.checkCancelled();
            for (int i = 0; i < n; i++) at[i] = along(row, valid.get(i), (low[i] + high[i]) / 2);
            boolean[] v = decision.decidesFor(at, targets);
            for (int i = 0; i < n; i++) if (v[i]) high[i] = (low[i] + high[i]) / 2; else low[i] = (low[i] + high[i]) / 2;
        }
        List<double[]> walked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            if (!ok[i]) continue;
            double[] near = space.onValidValues(along(row, valid.get(i), high[i]), row);
            double[] far = space.onValidValues(valid.get(i), row);
            boolean[] v = decision.decidesFor(new double[][] {near, far}, new int[] {target, target});
            if (v[0]) walked.add(near);
            else if (v[1]) walked.add(far);
        }
        List<Counterfactual> out = new ArrayList<>();
        for (double[] c : walked) {
            context.checkCancelled();
            double[] sparse = sparse(row, target, c);
            float[] p = decision.probabilities(new double[][] {sparse})[0];
            if (Decision.argmax(p) != target || !space.allows(sparse, row)) continue; // shown only when valid, re-run
            boolean twin = false;
            for (Counterfactual o : out) twin |= Arrays.equals(o.point(), sparse);
            if (twin) continue;
            int changed = 0;
            for (int j = 0; j < row.length; j++) if (sparse[j] != row[j]) changed++;
            out.add(new Counterfactual(sparse, p[target], changed, Math.sqrt(FeatureSpace.distance2(sparse, row)),
                    space.nearestOfClass(sparse, target)));
        }
        return out;
    }

    private static double[] along(double[] row, double[] c, double t) {
        double[] p = new double[row.length];
        for (int j = 0; j < row.length; j++) p[j] = c[j] == row[j] ? row[j] : row[j] + t * (c[j] - row[j]);
        return p;
    }

    /** The largest number of the smallest changes that can go back to the row's values while the decision holds (bisection). */
    private double[] sparse(double[] row, int target, double[] c) throws AuditCancelledException {
        Integer[] changed = java.util.stream.IntStream.range(0, row.length).filter(j -> c[j] != row[j]).boxed().toArray(Integer[]::new);
        Arrays.sort(changed, Comparator.comparingDouble(j -> Math.abs(c[j] - row[j])));
        int lo = 0, hi = changed.length - 1; // reverting all would be the row itself, which the model does not decide for
        double[] best = c;
        while (lo < hi) {
            context.checkCancelled();
            int mid = (lo + hi + 1) / 2;
            double[] t = c.clone();
            for (int s = 0; s < mid; s++) t[changed[s]] = row[changed[s]];
            if (decision.decidesFor(new double[][] {t}, new int[] {target})[0]) {
                lo = mid;
                best = t;
            } else hi = mid - 1;
        }
        return best;
    }
}
